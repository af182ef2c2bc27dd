package io.leadbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Versions as the black-box test found them (issue 16, points 2, 3 and 6): 64-bit versions in order;
 * a new version never makes a second case, in whatever state the lead is; the same version with other
 * content is refused (409) and kept for review beside the lead, which does not change.
 */
@BridgeTest
class NewVersionTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void versionsPast2To31AreKeptAndOrderedAsNumbers() {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        String eventId = lead.get("eventId").asText();
        lead.put("version", 1796163471000L);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        assertThat(api.lead(eventId).path("version").asLong()).isEqualTo(1796163471000L);

        lead.put("version", 2147483648L);
        Api.Answer older = api.push(lead.toString());
        assertThat(older.status()).as("an older version is a replay").isEqualTo(200);
        assertThat(older.json().path("outcome").asText()).isEqualTo("DUPLICATE");

        lead.put("version", Long.MAX_VALUE);
        lead.put("description", "第三版");
        Api.Answer newest = api.push(lead.toString());
        assertThat(newest.status()).isEqualTo(202);
        assertThat(newest.json().path("version").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(api.lead(eventId).path("version").asLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theSameVersionWithOtherContentIsRefusedAndKeptBesideTheLead() {
        ObjectNode lead = Leads.routedTo("CULTURE");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        // the case delivered first, so that its delivery does not move the lead between "before" and "after"
        await().until(() -> "DISPATCHED".equals(api.state(eventId)));
        JsonNode before = api.lead(eventId);

        // key order and spacing do not count
        ObjectNode reordered = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        java.util.List<String> keys = new java.util.ArrayList<>();
        lead.fieldNames().forEachRemaining(keys::add);
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reordered.set(k, lead.get(k)));
        Api.Answer same = api.push(reordered.toPrettyString());
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("outcome").asText()).isEqualTo("DUPLICATE");

        ObjectNode other = lead.deepCopy();
        other.put("description", "另一份内容");
        Api.Answer conflict = api.push(other.toString());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().path("errors").toString()).contains(eventId).contains("version");
        String ref = conflict.json().path("ref").asText();
        assertThat(ref).startsWith("invalid-");
        assertThat(api.lead(ref).path("raw").asText()).contains("另一份内容");
        assertThat(api.get("/api/v1/review?reason=CONFLICT&size=500").json().path("items").findValuesAsText("ref")).contains(ref);

        JsonNode after = api.lead(eventId);
        assertThat(after.path("state").asText()).isEqualTo(before.path("state").asText());
        assertThat(after.path("caseNo").asText()).isEqualTo(before.path("caseNo").asText());
        assertThat(after.path("lead").path("description").asText()).isEqualTo(lead.path("description").asText());
        assertThat(after.path("refused").findValuesAsText("ref")).containsExactly(ref);
    }

    /**
     * Every state a lead can be in x a new version: before its first case it is evaluated again (as
     * before); once a case exists the version is recorded and flagged, and the lead stays where it is:
     * no second case, no other dispatch.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = LeadState.class, names = "INVALID", mode = EnumSource.Mode.EXCLUDE)
    void aNewVersionInEveryStateMakesNoSecondCase(LeadState state) {
        boolean withCase = !java.util.List.of(LeadState.RECEIVED, LeadState.HELD).contains(state);
        ObjectNode lead = withCase ? Leads.routedTo("HEALTH") : Leads.disputed("NO_MATCH");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        if (withCase) {
            // delivered first, so that no delivery moves the lead after the state is set below
            await().until(() -> "DISPATCHED".equals(api.state(eventId)));
        }
        jdbc.sql("UPDATE lead SET state = ? WHERE event_key = ?").params(state.name(), eventId).update();
        Map<String, Object> before = row(eventId);

        lead.put("version", lead.get("version").asLong() + 1);
        lead.put("description", "新版本：" + state);
        Api.Answer answer = api.push(lead.toString());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("outcome").asText()).isEqualTo("UPDATED");
        Map<String, Object> after = row(eventId);
        assertThat(after.get("dispatches")).as("dispatches of the lead").isEqualTo(before.get("dispatches"));
        assertThat(((Number) after.get("version")).longValue()).isEqualTo(lead.get("version").asLong());
        if (withCase) {
            assertThat(after.get("case_no")).isEqualTo(before.get("case_no"));
            assertThat(after.get("state")).as("the lead stays where it is").isEqualTo(state.name());
            assertThat(after.get("review_flag")).isEqualTo("NEW_VERSION_AFTER_DISPATCH");
            assertThat(api.lead(eventId).path("lead").path("description").asText()).isEqualTo("新版本：" + state);
        } else {
            assertThat(after.get("case_no")).isNull();
            assertThat(after.get("review_flag")).isNull();
        }
        // the reports read this ledger without failing
        String month = java.time.YearMonth.now().toString();
        assertThat(api.get("/api/v1/reports/figures?by=town&from=" + month + "-01&to=" + java.time.LocalDate.now()).status())
                .isEqualTo(200);
    }

    private Map<String, Object> row(String eventId) {
        return jdbc.sql("SELECT l.state, l.case_no, l.version, l.review_flag,"
                        + " (SELECT COUNT(*) FROM dispatch d WHERE d.lead_id = l.id) AS dispatches FROM lead l WHERE l.event_key = ?")
                .param(eventId).query((rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String c : java.util.List.of("state", "case_no", "version", "review_flag", "dispatches")) {
                        m.put(c, rs.getObject(c));
                    }
                    return m;
                }).single();
    }
}
