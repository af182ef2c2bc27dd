package io.leadbridge.casefile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CaseSchema;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** All 300 samples pushed: every case the bridge makes is valid against the contract, numbered uniquely. */
@BridgeTest
class CasesFromAllSamplesTest {

    static final Map<String, String> CLUE_TYPES = Map.of("NO_LICENSE_NO_PERMIT", "01", "LICENSE_NO_PERMIT", "02",
            "PERMIT_NO_LICENSE", "03", "NO_LICENSE", "04", "UNKNOWN", "99");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;

    @Test
    void everyCaseIsSchemaValidWithAUniqueCaseNumber() throws Exception {
        Api api = new Api(port);
        List<String> eventIds = new ArrayList<>();
        Map<String, JsonNode> sent = new HashMap<>();
        for (JsonNode sample : SharedSamples.leads()) {
            JsonNode lead = Leads.fresh(sample);
            eventIds.add(lead.get("eventId").asText());
            sent.put(lead.get("eventId").asText(), lead);
            assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        }
        List<String> cases = jdbc.sql("SELECT d.case_json FROM dispatch d JOIN lead l ON l.id = d.lead_id WHERE l.event_key IN ("
                + String.join(",", eventIds.stream().map(e -> "'" + e + "'").toList()) + ")").query(String.class).list();
        assertThat(cases).hasSizeGreaterThan(100);
        Set<String> caseNumbers = new HashSet<>();
        for (String text : cases) {
            JsonNode c = json.readTree(text);
            assertThat(CaseSchema.validate(c)).as(c.path("case_no").asText()).isEmpty();
            assertThat(caseNumbers.add(c.path("case_no").asText())).isTrue();
            assertThat(c.path("case_no").asText()).startsWith("QW" + c.path("town_code").asText());
            JsonNode lead = sent.get(c.path("source_id").asText());
            assertThat(c.path("clue_type").asText()).isEqualTo(CLUE_TYPES.get(lead.path("licenseState").asText()));
            assertThat(c.path("address").asText()).isEqualTo(lead.path("subject").path("address").asText());
        }
    }
}
