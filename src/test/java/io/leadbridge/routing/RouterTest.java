package io.leadbridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.reference.Departments;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The router alone, on the shared sample catalogue: every shared sample's expected decision. */
class RouterTest {

    static final Catalogue CATALOGUE = sampleCatalogue();
    private final Router router = new Router(null, new BridgeProperties());

    static Catalogue sampleCatalogue() {
        BridgeProperties properties = new BridgeProperties();
        properties.setConfigDir(SharedSamples.SHARED.resolve("catalogue"));
        try {
            return new CatalogueParser(new Departments(properties).codes())
                    .parse("keywords.sample.csv", Files.readAllBytes(properties.configFile("keywords.sample.csv")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everySharedSampleGetsItsExpectedDecision() {
        List<JsonNode> leads = SharedSamples.leads();
        List<JsonNode> expected = SharedSamples.expectedDecisions();
        assertThat(leads).hasSize(300);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            RoutingDecision d = router.decide(LeadText.of(io.leadbridge.lead.Lead.of(leads.get(i))), CATALOGUE);
            JsonNode e = expected.get(i);
            String got = d.decision() + "/" + d.department() + "/" + d.reason() + "/" + d.candidates() + "/" + d.hazard();
            List<String> cands = new ArrayList<>();
            e.get("candidates").forEach(c -> cands.add(c.asText()));
            String want = e.get("decision").asText() + "/" + (e.get("department").isNull() ? null : e.get("department").asText())
                    + "/" + e.get("reason").asText() + "/" + cands + "/" + e.get("hazard").asText();
            if (!got.equals(want)) {
                wrong.add(e.get("eventId").asText() + " (" + e.get("kind").asText() + "): want " + want + " got " + got);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void normalisesFullWidthTraditionalAndSpacesAlike() {
        assertThat(TextNormalizer.normalize("ＫＴＶ")).isEqualTo("ktv");
        assertThat(TextNormalizer.normalize("K\u3000T V")).isEqualTo("ktv");
        assertThat(TextNormalizer.normalize("網\u200B吧")).isEqualTo("网吧");
    }

    @Test
    void leftmostLongestWithoutOverlap() {
        RoutingDecision d = router.decide(new LeadText("", "医疗美容", "包装装潢印刷", "NO_LICENSE_NO_PERMIT"), CATALOGUE);
        assertThat(d.matches()).extracting(Match::keyword).containsExactly("医疗美容", "印刷");
        assertThat(d.matches().get(0).start()).isZero();
        assertThat(d.matches().get(0).end()).isEqualTo(4);
    }
}
