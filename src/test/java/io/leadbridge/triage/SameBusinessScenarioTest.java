package io.leadbridge.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CaseSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared same-business scenario (../shared/samples/duplicates.dev.*) played through the bridge, as Smart-Grid and
 * the departments would: each lead pushed and decided before the next, each close a department's ACCEPTED and
 * CLOSED on css.feedback. Precision and recall of DUPLICATE and REPEAT against the labels (a link counts only when
 * it names the labelled first report), then each relation end to end: a merged lead has no case and Smart-Grid is
 * told MERGED naming the open case; a repeat's case is schema-valid and carries repeat_of.
 */
@BridgeTest
class SameBusinessScenarioTest {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    JdbcClient jdbc;

    record Seen(String relation, String of) {
    }

    @Test
    void theDevScenario() throws Exception {
        Api api = new Api(port);
        for (JsonNode step : SharedSamples.duplicateSteps()) {
            if (step.path("step").asText().equals("push")) {
                String eventId = step.get("lead").get("eventId").asText();
                assertThat(api.push(step.get("lead").toString()).status()).as(eventId).isIn(200, 202);
                await().atMost(Duration.ofSeconds(20)).until(() -> !"RECEIVED".equals(api.state(eventId)));
            } else {
                close(api, step.get("eventId").asText());
            }
        }
        Map<String, Seen> seen = new LinkedHashMap<>();
        Map<String, Seen> expected = new HashMap<>();
        for (JsonNode label : SharedSamples.duplicateLabels()) {
            String eventId = label.get("eventId").asText();
            expected.put(eventId, new Seen(label.path("relation").asText(null), label.path("of").asText(null)));
            JsonNode lead = api.lead(eventId);
            JsonNode related = lead.path("related");
            seen.put(eventId, related.isEmpty() ? new Seen(null, null)
                    : new Seen(related.get(0).path("relation").asText(), related.get(0).path("eventId").asText()));
        }
        StringBuilder misses = new StringBuilder();
        for (String relation : List.of("DUPLICATE", "REPEAT")) {
            int truePositives = 0;
            int predicted = 0;
            int labelled = 0;
            for (var entry : seen.entrySet()) {
                Seen want = expected.get(entry.getKey());
                Seen got = entry.getValue();
                boolean says = relation.equals(got.relation());
                boolean is = relation.equals(want.relation());
                predicted += says ? 1 : 0;
                labelled += is ? 1 : 0;
                if (says && is && Objects.equals(got.of(), want.of())) {
                    truePositives++;
                } else if (says || is) {
                    misses.append(entry.getKey()).append(": expected ").append(want).append(", got ").append(got).append('\n');
                }
            }
            double precision = predicted == 0 ? 1 : (double) truePositives / predicted;
            double recall = labelled == 0 ? 1 : (double) truePositives / labelled;
            System.out.printf("same business, dev scenario: %s precision %.3f (%d/%d), recall %.3f (%d/%d)%n", relation, precision,
                    truePositives, predicted, recall, truePositives, labelled);
            assertThat(precision).as(relation + " precision; misses:\n" + misses).isGreaterThanOrEqualTo(0.98);
            assertThat(recall).as(relation + " recall; misses:\n" + misses).isGreaterThanOrEqualTo(0.95);
        }

        String merged = firstWith(expected, "DUPLICATE");
        JsonNode lead = api.lead(merged);
        assertThat(lead.path("state").asText()).isEqualTo("MERGED");
        assertThat(lead.path("caseNo").isMissingNode() || lead.path("caseNo").isNull()).isTrue();
        String openCase = lead.path("related").get(0).path("caseNo").asText();
        assertThat(openCase).startsWith("QW");
        assertThat(lead.path("related").get(0).path("why").asText()).contains("address");
        assertThat(statuses(merged)).first().asString().contains("\"status\":\"MERGED\"").contains(openCase);
        // the department that holds the open case got an ADDENDUM naming the merged report, on its own queue
        JsonNode holderLead = api.lead(expected.get(merged).of());
        jms.setReceiveTimeout(10_000);
        jakarta.jms.Message addendum = jms.receiveSelected("css.dept." + holderLead.path("deptCode").asText(),
                "MessageKind = 'ADDENDUM' AND CaseNo = '" + openCase + "'");
        assertThat(addendum).as("an ADDENDUM about " + openCase).isNotNull();
        JsonNode notice = new ObjectMapper().readTree(((jakarta.jms.TextMessage) addendum).getText());
        assertThat(notice.path("kind").asText()).isEqualTo("ADDENDUM");
        assertThat(notice.path("source_id").asText()).isEqualTo(merged);
        assertThat(notice.path("at").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(addendum.getStringProperty("IdempotencyKey"))
                .isEqualTo(openCase + "-" + notice.path("dispatch_seq").asInt() + "-ADDENDUM-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.lead(expected.get(merged).of()).path("timeline")
                .findValuesAsText("event").contains("ADDENDUM_DELIVERED"));
        long merges = expected.values().stream().filter(s -> "DUPLICATE".equals(s.relation())).count();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notice WHERE kind = 'ADDENDUM'").query(Long.class).single())
                .as("an ADDENDUM per merged report").isEqualTo(merges);
        // then that case's ACCEPTED and CLOSED, under the merged report's own eventId
        String holder = expected.get(merged).of();
        if (!"CLOSED".equals(api.state(holder))) {
            close(api, holder);
        }
        assertThat(statuses(merged)).hasSize(3);
        assertThat(statuses(merged).get(1)).contains("\"status\":\"ACCEPTED\"").contains(openCase);
        assertThat(statuses(merged).get(2)).contains("\"status\":\"CLOSED\"").contains(openCase);

        String repeat = firstWith(expected, "REPEAT");
        JsonNode repeatLead = api.lead(repeat);
        String firstCase = api.lead(expected.get(repeat).of()).path("caseNo").asText();
        String caseJson = jdbc.sql("SELECT d.case_json FROM dispatch d JOIN lead l ON l.id = d.lead_id WHERE l.event_key = ?")
                .param(repeat).query(String.class).single();
        JsonNode sentCase = new ObjectMapper().readTree(caseJson);
        assertThat(repeatLead.path("caseNo").asText()).isNotEqualTo(firstCase);
        assertThat(sentCase.path("repeat_of").toString()).isEqualTo("[\"" + firstCase + "\"]");
        assertThat(CaseSchema.validate(sentCase)).isEmpty();

        // counted: the month's city figures (counters) have every merged report and every repeat
        String month = java.time.YearMonth.now(io.leadbridge.config.ClockConfig.CITY_ZONE).toString();
        JsonNode city = api.get("/api/v1/reports/figures?by=city&month=" + month, api.opsKey()).json();
        JsonNode counts = city.isArray() ? city.get(0).path("counts") : city.path("scopes").get(0).path("counts");
        long repeats = expected.values().stream().filter(s -> "REPEAT".equals(s.relation())).count();
        assertThat(counts.path("merged").asLong()).as(city.toString()).isGreaterThanOrEqualTo(merges);
        assertThat(counts.path("repeat").asLong()).as(city.toString()).isGreaterThanOrEqualTo(repeats);

        JsonNode linked = api.get("/api/v1/leads?related=true&size=500", api.opsKey()).json();
        assertThat(linked.path("total").asLong()).isEqualTo(seen.values().stream().filter(s -> s.relation() != null).count());

        // a third report of the repeated business: merged into the repeat's open case, linked to the first report too,
        // and the business is on the 久治未清 list (three reports) with its history
        String firstReport = expected.get(repeat).of();
        JsonNode third = SharedSamples.duplicateSteps().stream().map(s -> s.path("lead"))
                .filter(l -> repeat.equals(l.path("eventId").asText())).findFirst().orElseThrow().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) third).put("eventId", repeat + "-third");
        assertThat(api.push(third.toString()).json().path("state").asText()).isEqualTo("MERGED");
        JsonNode thirdLead = api.lead(repeat + "-third");
        assertThat(thirdLead.path("related").get(0).path("eventId").asText()).isEqualTo(firstReport);
        JsonNode stubborn = api.get("/api/v1/reports/stubborn", api.opsKey()).json();
        JsonNode business = null;
        for (JsonNode b : stubborn) {
            if (b.path("firstEventId").asText().equals(firstReport)) {
                business = b;
            }
        }
        assertThat(business).as(stubborn.toString()).isNotNull();
        assertThat(business.path("reports").asInt()).isEqualTo(3);
        assertThat(business.path("history").toString()).contains(firstReport, repeat, repeat + "-third");
    }

    /** What Smart-Grid is told about a lead, in order. */
    private List<String> statuses(String eventId) {
        return jdbc.sql("SELECT body FROM status_outbox WHERE event_id = ? ORDER BY id").param(eventId).query(String.class).list();
    }

    private static String firstWith(Map<String, Seen> expected, String relation) {
        return expected.entrySet().stream().filter(e -> relation.equals(e.getValue().relation())).map(Map.Entry::getKey)
                .sorted().findFirst().orElseThrow();
    }

    /** The department holding the lead's case accepts and closes it, on css.feedback. */
    private void close(Api api, String eventId) {
        JsonNode lead = api.lead(eventId);
        String caseNo = lead.path("caseNo").asText();
        String dept = lead.path("deptCode").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        String now = LocalDateTime.now(io.leadbridge.config.ClockConfig.CITY_ZONE).format(LOCAL);
        jms.convertAndSend("css.feedback", "{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"" + dept + "\",\"type\":\"ACCEPTED\",\"at\":\""
                + now + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "ACCEPTED".equals(api.state(eventId)));
        jms.convertAndSend("css.feedback", "{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"" + dept + "\",\"type\":\"CLOSED\",\"at\":\""
                + now + "\",\"outcome\":\"LICENSED\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(api.state(eventId)));
    }
}
