package io.leadbridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The 300 shared samples through POST /api/v1/routing/explain: every expected decision, nothing stored. */
@BridgeTest
class ExplainSamplesTest {

    @LocalServerPort
    int port;

    @Test
    void everySampleGetsItsExpectedDecision() {
        Api api = new Api(port);
        List<JsonNode> leads = SharedSamples.leads();
        List<JsonNode> expected = SharedSamples.expectedDecisions();
        long before = api.get("/api/v1/leads?size=1").json().path("total").asLong();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            Api.Answer answer = api.post("/api/v1/routing/explain", BridgeTest.OPS_KEY, leads.get(i).toString());
            assertThat(answer.status()).isEqualTo(200);
            JsonNode got = answer.json();
            JsonNode want = expected.get(i);
            for (String field : List.of("decision", "department", "reason", "candidates", "hazard")) {
                if (!got.path(field).equals(want.path(field))) {
                    wrong.add(want.path("eventId").asText() + " " + field + ": want " + want.path(field) + " got " + got.path(field));
                }
            }
            assertThat(got.path("catalogueVersion").asText()).isNotEmpty();
        }
        assertThat(wrong).isEmpty();
        assertThat(api.get("/api/v1/leads?size=1").json().path("total").asLong()).isEqualTo(before);
    }

    @Test
    void explainShowsEveryMatchWithFieldOffsetsTermEntryAndPriority() {
        Api api = new Api(port);
        String lead = "{\"subject\":{\"name\":\"ＫＴＶ 量販式歌城\"},\"businessScope\":\"網 吧\",\"description\":\"\","
                + "\"licenseState\":\"NO_LICENSE_NO_PERMIT\",\"villageDisposal\":{\"status\":\"RECTIFIED\"}}";
        JsonNode decision = api.post("/api/v1/routing/explain", BridgeTest.OPS_KEY, lead).json();

        assertThat(decision.path("decision").asText()).isEqualTo("ROUTED");
        assertThat(decision.path("department").asText()).isEqualTo("CULTURE");
        assertThat(decision.path("hazard").asText()).isEqualTo("MAJOR");
        JsonNode first = decision.path("matches").get(0);
        assertThat(first.path("field").asText()).isEqualTo("subject.name");
        assertThat(first.path("term").asText()).isEqualTo("ktv");
        assertThat(first.path("start").asInt()).isZero();
        assertThat(first.path("end").asInt()).isEqualTo(3);
        assertThat(first.path("keyword").asText()).isEqualTo("歌舞厅");
        assertThat(first.path("deptCode").asText()).isEqualTo("CULTURE");
        assertThat(first.path("priority").asInt()).isEqualTo(10);
        assertThat(decision.path("matches").findValuesAsText("term")).containsExactly("ktv", "量贩式歌城", "网吧");
    }

    @Test
    void explainOfSomethingThatIsNotJsonIs400() {
        Api api = new Api(port);
        Api.Answer answer = api.post("/api/v1/routing/explain", BridgeTest.OPS_KEY, "网吧");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }
}
