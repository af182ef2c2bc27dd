package io.leadbridge.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.routing.CatalogueStore;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CatalogueCopy;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A coordinator's new term clears a backlog: what-if shows what it would do, apply does it. */
@BridgeTest
@DirtiesContext
class CatalogueWhatIfTest {

    static final String WITH_FISHING = CatalogueCopy.ORIGINAL + "钓鱼场,垂钓园|钓鱼池,FISHING,钓鱼场,高危险性体育项目经营许可证,CULTURE,5,,\n";

    @DynamicPropertySource
    static void catalogueFile(DynamicPropertyRegistry registry) {
        CatalogueCopy.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    CatalogueStore store;

    @Test
    void whatIfCountsTheOutcomesAndApplyReroutesTheBacklog() {
        Api api = new Api(port);
        List<String> fishing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ObjectNode lead = Leads.disputed("NO_MATCH");
            lead.put("businessScope", "钓鱼场");
            lead.put("description", "经营垂钓");
            assertThat(api.push(lead.toString()).status()).isEqualTo(202);
            fishing.add(lead.get("eventId").asText());
        }
        ObjectNode other = Leads.disputed("NO_MATCH");
        other.put("businessScope", "陶艺馆");
        other.put("description", "陶艺");
        assertThat(api.push(other.toString()).status()).isEqualTo(202);
        String before = store.current().version();

        JsonNode preview = api.postBytes("/api/v1/catalogue/what-if", BridgeTest.OPS_KEY,
                WITH_FISHING.getBytes(StandardCharsets.UTF_8)).json();

        assertThat(preview.path("outcomes").path("ROUTED").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(preview.path("routedTo").path("CULTURE").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(preview.path("leads").findValuesAsText("eventId")).containsAll(fishing).contains(other.get("eventId").asText());
        assertThat(store.current().version()).isEqualTo(before);
        assertThat(api.state(fishing.get(0))).isEqualTo("DISPUTED");

        Api.Answer applied = api.postBytes("/api/v1/catalogue/what-if/apply", BridgeTest.OPS_KEY,
                WITH_FISHING.getBytes(StandardCharsets.UTF_8));

        assertThat(applied.status()).isEqualTo(200);
        String after = applied.json().path("candidateVersion").asText();
        assertThat(store.current().version()).isEqualTo(after).isNotEqualTo(before);
        for (String eventId : fishing) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));
            JsonNode lead = api.lead(eventId);
            assertThat(lead.path("deptCode").asText()).isEqualTo("CULTURE");
            assertThat(lead.path("catalogueVersion").asText()).isEqualTo(after);
            assertThat(lead.path("timeline").findValuesAsText("event")).containsSequence("REROUTED", "ROUTED", "CASE_CREATED");
        }
        assertThat(api.state(other.get("eventId").asText())).isEqualTo("DISPUTED");
        assertThat(api.lead(other.get("eventId").asText()).path("timeline").findValuesAsText("event")).contains("REROUTED");
    }

    @Test
    void aRefusedCandidateIs422() {
        Api api = new Api(port);
        Api.Answer answer = api.postBytes("/api/v1/catalogue/what-if", BridgeTest.OPS_KEY,
                (CatalogueCopy.ORIGINAL + "钓鱼场,,FISHING,钓鱼场,许可,NOWHERE,0,,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("errors").get(0).path("column").asText()).isEqualTo("dept_code");
    }
}
