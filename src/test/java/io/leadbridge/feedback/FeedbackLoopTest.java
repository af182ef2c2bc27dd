package io.leadbridge.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole loop against a fake Smart-Grid and fake departments: dispatch, accept, close, with the
 * statuses Smart-Grid received in order; objection, assign, re-dispatch; every refusal; Smart-Grid
 * down then up.
 */
@BridgeTest
@DirtiesContext
class FeedbackLoopTest {

    static final FakeServer SMART_GRID = new FakeServer();
    static final FakeServer DEPARTMENTS = new FakeServer();
    static final AtomicBoolean SMART_GRID_UP = new AtomicBoolean(true);
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    static {
        SMART_GRID.onPrefix("/api/leads/", r -> SMART_GRID_UP.get() ? new FakeServer.Reply(204, "")
                : new FakeServer.Reply(503, "{\"error\":\"maintenance\"}"));
        DEPARTMENTS.on("/culture", r -> FakeServer.Reply.ok("{}"));
    }

    @DynamicPropertySource
    static void edges(DynamicPropertyRegistry registry) {
        registry.add("bridge.smart-grid.url", SMART_GRID::url);
        registry.add("bridge.status.enabled", () -> "true");
        registry.add("bridge.status.period", () -> "200");
        registry.add("bridge.status.maximum-retry-delay", () -> "1s");
        // Smart-Grid goes down in one test here: its circuit tries again within a second, not 30 s
        registry.add("bridge.status.circuit.open-for", () -> "500ms");
        registry.add("bridge.status.circuit.max-open-for", () -> "1s");
        registry.add("bridge.dispatch.departments.CULTURE.url", () -> DEPARTMENTS.url() + "/culture");
    }

    @AfterAll
    static void stop() {
        SMART_GRID.close();
        DEPARTMENTS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    FeedbackIntake intake;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        SMART_GRID_UP.set(true);
        jms.setReceiveTimeout(10_000);
    }

    @Test
    void dispatchedAcceptedClosedWithTheStatusesSmartGridReceivedInOrder() {
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();

        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(200);
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "PROGRESS", null).status()).isEqualTo(200);
        Api.Answer closed = feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "CLOSED", "\"outcome\":\"LICENSED\"");
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("state").asText()).isEqualTo("CLOSED");

        JsonNode lead = api.lead(eventId);
        assertThat(lead.path("outcome").asText()).isEqualTo("LICENSED");
        assertThat(lead.path("timeline").findValuesAsText("event")).containsSubsequence("DISPATCHED", "ACCEPTED", "PROGRESS", "CLOSED");
        await().atMost(Duration.ofSeconds(15)).until(() -> statusesReceived(eventId).size() >= 4);
        assertThat(statusesReceived(eventId)).containsExactly("ESCALATED", "DISPATCHED", "ACCEPTED", "CLOSED");
        JsonNode closedStatus = body(SMART_GRID.requests("/api/leads/" + eventId + "/status").get(3));
        assertThat(closedStatus.path("outcome").asText()).isEqualTo("LICENSED");
        assertThat(closedStatus.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(closedStatus.path("deptCode").asText()).isEqualTo("CULTURE");
    }

    @Test
    void objectionSendsTheCaseBackAndAssignRedispatchesItWithTheSameCaseNumber() throws Exception {
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();

        Api.Answer objected = feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "OBJECTION",
                "\"objection\":{\"reason_code\":\"NOT_OUR_REMIT\",\"suggested_dept\":\"AMR\",\"note\":\"无需许可\"}");
        assertThat(objected.status()).isEqualTo(200);
        JsonNode disputed = api.lead(eventId);
        assertThat(disputed.path("state").asText()).isEqualTo("DISPUTED");
        assertThat(disputed.path("reason").asText()).isEqualTo("OBJECTION");
        assertThat(disputed.path("case").path("suggestedDept").asText()).isEqualTo("AMR");
        assertThat(disputed.path("case").path("objectionCode").asText()).isEqualTo("NOT_OUR_REMIT");
        assertThat(api.get("/api/v1/review?reason=OBJECTION&size=500").json().path("items").findValuesAsText("ref")).contains(eventId);

        Api.Answer assigned = api.post("/api/v1/review/" + eventId + "/assign", BridgeTest.OPS_KEY,
                "{\"deptCode\":\"AMR\",\"reason\":\"按异议建议改派\"}");
        assertThat(assigned.status()).isEqualTo(200);

        JsonNode sent = caseOn("css.dept.AMR", caseNo);
        assertThat(sent.path("dispatch_seq").asInt()).isEqualTo(2);
        assertThat(sent.path("dispatch_mode").asText()).isEqualTo("MANUAL");
        assertThat(sent.path("case_no").asText()).isEqualTo(caseNo);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));

        // The old department's dispatch is gone; the new one's first dispatch number is superseded.
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(403);
        Api.Answer stale = feedback(BridgeTest.AMR_KEY, caseNo, "AMR", 1, "ACCEPTED", null);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("detail").asText()).contains("current dispatch is 2");
        assertThat(feedback(BridgeTest.AMR_KEY, caseNo, "AMR", 2, "ACCEPTED", null).status()).isEqualTo(200);
    }

    @Test
    void aLeadObjectedToTwiceIsFlaggedForTheCityOffice() {
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();
        String objection = "\"objection\":{\"reason_code\":\"NOT_OUR_REMIT\"}";
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "OBJECTION", objection).status()).isEqualTo(200);
        assertThat(api.lead(eventId).path("reviewFlag").isNull()).isTrue();
        assertThat(api.post("/api/v1/review/" + eventId + "/assign", BridgeTest.OPS_KEY, "{\"deptCode\":\"CULTURE\"}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));

        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 2, "OBJECTION", objection).status()).isEqualTo(200);

        JsonNode lead = api.lead(eventId);
        assertThat(lead.path("objections").asInt()).isEqualTo(2);
        assertThat(lead.path("reviewFlag").asText()).isEqualTo("BOUNCED");
        assertThat(lead.path("timeline").findValuesAsText("event")).contains("BOUNCED");
        assertThat(api.get("/api/v1/review?reason=BOUNCED&size=500").json().path("items").findValuesAsText("ref")).contains(eventId);
    }

    @Test
    void everyRefusal() {
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();

        // another department's key, or another department's case
        assertThat(feedback(BridgeTest.AMR_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(403);
        assertThat(feedback(BridgeTest.AMR_KEY, caseNo, "AMR", 1, "ACCEPTED", null).status()).isEqualTo(403);
        // not a department
        assertThat(feedback(BridgeTest.OPS_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(403);
        // invalid
        Api.Answer invalid = api.post("/api/v1/cases/" + caseNo + "/feedback", BridgeTest.CULTURE_KEY,
                "{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"CULTURE\",\"type\":\"DONE\",\"at\":\"yesterday\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.json().path("errors").findValuesAsText("field")).contains("type", "at");
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "CLOSED", null).status()).isEqualTo(400);
        // unknown case, superseded dispatch
        assertThat(feedback(BridgeTest.CULTURE_KEY, "QW4419000032026010100001", "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(404);
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 7, "ACCEPTED", null).status()).isEqualTo(409);
        // closing before accepting
        Api.Answer early = feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "CLOSED", "\"outcome\":\"BANNED\"");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("detail").asText()).contains("is DISPATCHED").contains("accept it first");
        // a replay changes nothing
        Api.Answer accepted = feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null, "2026-11-20 10:00:00");
        Api.Answer replay = feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null, "2026-11-20 10:00:00");
        assertThat(accepted.json().path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(api.lead(eventId).path("timeline").findValuesAsText("event").stream().filter("ACCEPTED"::equals)).hasSize(1);
        // feedback on a closed case
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "CLOSED", "\"outcome\":\"CEASED\"").status()).isEqualTo(200);
        Api.Answer afterClose = feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "PROGRESS", null);
        assertThat(afterClose.status()).isEqualTo(409);
        assertThat(afterClose.json().path("detail").asText()).contains("is CLOSED");
    }

    @Test
    void feedbackTakenTogetherIsAppliedInTheOrderOfItsTimesAndARefusalLeavesTheRestApplied() throws Exception {
        String first = dispatchedToCulture();
        String second = dispatchedToCulture();
        String a = api.lead(first).path("caseNo").asText();
        String b = api.lead(second).path("caseNo").asText();
        LocalDateTime t = LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).minusSeconds(30);
        // one lot, as the group commit takes what arrived together: case a's CLOSED and PROGRESS ahead of its ACCEPTED
        List<FeedbackResult> results = intake.applyTogether(List.of(
                item(a, 1, "CLOSED", t.plusSeconds(2), "\"outcome\":\"LICENSED\""),
                item(a, 1, "ACCEPTED", t, null),
                item(b, 7, "ACCEPTED", t, null),
                item(b, 1, "ACCEPTED", t, null),
                item(a, 1, "PROGRESS", t.plusSeconds(1), null)), "QUEUE");

        assertThat(results).extracting(FeedbackResult::outcome).containsExactly("APPLIED", "APPLIED", "REFUSED", "APPLIED", "APPLIED");
        assertThat(results.get(0).state()).isEqualTo("CLOSED");
        assertThat(results.get(2).status()).isEqualTo(409);
        assertThat(api.state(first)).isEqualTo("CLOSED");
        assertThat(api.state(second)).isEqualTo("ACCEPTED");
        assertThat(api.lead(first).path("timeline").findValuesAsText("event")).containsSubsequence("ACCEPTED", "PROGRESS", "CLOSED");
    }

    private JsonNode item(String caseNo, int seq, String type, LocalDateTime at, String extra) throws Exception {
        return JSON.readTree("{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"CULTURE\",\"dispatch_seq\":" + seq + ",\"type\":\""
                + type + "\",\"at\":\"" + AT.format(at) + "\"" + (extra == null ? "" : "," + extra) + "}");
    }

    @Test
    void invalidFeedbackOnTheQueueIsKeptForReview() {
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();
        jms.convertAndSend("css.feedback", "{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"CULTURE\",\"type\":\"CLOSED\"}");
        jms.convertAndSend("css.feedback", "{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"CULTURE\",\"type\":\"ACCEPTED\","
                + "\"dispatch_seq\":1,\"at\":\"" + now() + "\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> "ACCEPTED".equals(api.state(eventId)));
        JsonNode refused = api.get("/api/v1/feedback?status=REFUSED&size=500").json();
        List<String> errors = refused.findValuesAsText("errors");
        assertThat(refused.findValuesAsText("caseNo")).contains(caseNo);
        assertThat(errors.stream().anyMatch(e -> e.contains("at: is required"))).isTrue();
    }

    @Test
    void smartGridDownHoldsUpNothingAndGetsEveryStatusInOrderWhenBack() {
        SMART_GRID_UP.set(false);
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(200);
        // tried and failed; with Smart-Grid's circuit open, further tries are one update at a time, oldest first,
        // so how often this lead's is tried again depends on what else waits (other tests' statuses)
        await().atMost(Duration.ofSeconds(10)).until(() -> api.lead(eventId).path("statusReports").get(0).path("attempts").asInt() >= 1);
        JsonNode reports = api.lead(eventId).path("statusReports");
        assertThat(reports.findValuesAsText("status")).containsExactly("ESCALATED", "DISPATCHED", "ACCEPTED");
        assertThat(reports.get(0).path("lastError").asText()).contains("503");
        assertThat(reports.get(2).path("attempts").asInt()).isZero();

        SMART_GRID_UP.set(true);

        await().atMost(Duration.ofSeconds(20)).until(() -> api.lead(eventId).path("statusReports").get(2).path("sentAt").isTextual());
        List<String> received = statusesReceived(eventId);
        assertThat(received.stream().distinct().toList()).containsExactly("ESCALATED", "DISPATCHED", "ACCEPTED");
    }

    /**
     * The same business reported again while its case is open: Smart-Grid hears MERGED naming the case, then the
     * case's ACCEPTED and CLOSED for the merged report too; the department gets an ADDENDUM on its channel.
     */
    @Test
    void aReportMergedIntoAnOpenCaseFollowsTheCase() throws Exception {
        ObjectNode first = Leads.routedTo("CULTURE");
        String eventId = first.get("eventId").asText();
        assertThat(api.push(first.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        String caseNo = api.lead(eventId).path("caseNo").asText();
        ObjectNode again = first.deepCopy();
        String mergedId = eventId + "-again";
        again.put("eventId", mergedId);
        assertThat(api.push(again.toString()).json().path("state").asText()).isEqualTo("MERGED");

        await().atMost(Duration.ofSeconds(10)).until(() -> DEPARTMENTS.requests("/culture").stream()
                .anyMatch(r -> "ADDENDUM".equals(r.header("Message-Kind")) && r.body().contains(mergedId)));
        assertThat(DEPARTMENTS.requests("/culture").stream().filter(r -> "ADDENDUM".equals(r.header("Message-Kind")))
                .filter(r -> r.body().contains(mergedId)).findFirst().orElseThrow().header("Idempotency-Key"))
                .isEqualTo(caseNo + "-1-ADDENDUM-1");
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(200);
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "CLOSED", "\"outcome\":\"LICENSED\"").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> statusesReceived(mergedId).size() >= 3);
        assertThat(statusesReceived(mergedId)).containsExactly("MERGED", "ACCEPTED", "CLOSED");
        assertThat(body(SMART_GRID.requests("/api/leads/" + mergedId + "/status").get(0)).path("caseNo").asText()).isEqualTo(caseNo);
    }

    /** 督办: the department that holds the case gets an URGE notice on its channel; the timeline and the audit have it. */
    @Test
    void anUrgedCaseSendsAnUrgeNoticeToItsDepartment() throws Exception {
        String eventId = dispatchedToCulture();
        String caseNo = api.lead(eventId).path("caseNo").asText();
        String deadline = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(3).toString();

        Api.Answer urged = api.post("/api/v1/review/" + eventId + "/urge", BridgeTest.OPS_KEY,
                "{\"note\":\"请三日内上门核查并反馈\",\"deadline\":\"" + deadline + "\"}");
        assertThat(urged.status()).as(urged.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> DEPARTMENTS.requests("/culture").stream()
                .anyMatch(r -> "URGE".equals(r.header("Message-Kind")) && r.body().contains(caseNo)));
        FakeServer.Request notice = DEPARTMENTS.requests("/culture").stream()
                .filter(r -> "URGE".equals(r.header("Message-Kind")) && r.body().contains(caseNo)).findFirst().orElseThrow();
        assertThat(notice.header("Idempotency-Key")).isEqualTo(caseNo + "-1-URGE-1");
        JsonNode body = JSON.readTree(notice.body());
        assertThat(body.path("kind").asText()).isEqualTo("URGE");
        assertThat(body.path("dispatch_seq").asInt()).isEqualTo(1);
        assertThat(body.path("note").asText()).isEqualTo("请三日内上门核查并反馈");
        assertThat(body.path("deadline").asText()).isEqualTo(deadline + " 23:59:59");
        assertThat(body.path("by").asText()).isNotBlank();
        // the case itself went as a CASE, and stays where it was
        assertThat(DEPARTMENTS.requests("/culture").stream().filter(r -> r.body().contains(caseNo)).map(r -> r.header("Message-Kind")))
                .containsExactly("CASE", "URGE");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.lead(eventId).path("timeline").findValuesAsText("event")
                .contains("URGE_DELIVERED"));
        JsonNode lead = api.lead(eventId);
        assertThat(lead.path("state").asText()).isEqualTo("DISPATCHED");
        assertThat(lead.path("timeline").findValuesAsText("event")).containsSubsequence("DISPATCHED", "URGED", "URGE_DELIVERED");
        assertThat(jdbc.sql("SELECT action FROM audit_log WHERE lead_ref = ?").param(eventId).query(String.class).list())
                .contains("URGE");

        // refused: another note needed, a past deadline, and a case no department holds
        Api.Answer noNote = api.post("/api/v1/review/" + eventId + "/urge", BridgeTest.OPS_KEY, "{\"note\":\" \"}");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.body()).contains("note");
        Api.Answer past = api.post("/api/v1/review/" + eventId + "/urge", BridgeTest.OPS_KEY,
                "{\"note\":\"催办\",\"deadline\":\"2020-01-01\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body()).contains("deadline");
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "ACCEPTED", null).status()).isEqualTo(200);
        assertThat(feedback(BridgeTest.CULTURE_KEY, caseNo, "CULTURE", 1, "CLOSED", "\"outcome\":\"LICENSED\"").status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/review/" + eventId + "/urge", BridgeTest.OPS_KEY, "{\"note\":\"催办\"}").status())
                .isEqualTo(409);
        // counted for the department: urged, and closed within the new deadline
        String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode figures = api.get("/api/v1/reports/figures?by=dept&month=" + month, BridgeTest.OPS_KEY).json();
            JsonNode culture = null;
            for (JsonNode scope : figures.isArray() ? figures : figures.path("scopes")) {
                if ("CULTURE".equals(scope.path("key").asText())) {
                    culture = scope;
                }
            }
            assertThat(culture).as(figures.toString()).isNotNull();
            assertThat(culture.path("counts").path("urged").asInt()).as(culture.toString()).isGreaterThanOrEqualTo(1);
            assertThat(culture.path("counts").path("urgedClosedInTime").asInt()).as(culture.toString()).isGreaterThanOrEqualTo(1);
        });
    }

    private String dispatchedToCulture() {
        ObjectNode lead = Leads.routedTo("CULTURE");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        return eventId;
    }

    private Api.Answer feedback(String key, String caseNo, String dept, int seq, String type, String extra) {
        return feedback(key, caseNo, dept, seq, type, extra, now());
    }

    private Api.Answer feedback(String key, String caseNo, String dept, int seq, String type, String extra, String at) {
        String body = "{\"case_no\":\"" + caseNo + "\",\"dept_code\":\"" + dept + "\",\"dispatch_seq\":" + seq
                + ",\"type\":\"" + type + "\",\"at\":\"" + at + "\",\"handler\":\"王科长\"" + (extra == null ? "" : "," + extra) + "}";
        return api.post("/api/v1/cases/" + caseNo + "/feedback", key, body);
    }

    private static String now() {
        return LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).format(AT);
    }

    private JsonNode caseOn(String queue, String caseNo) throws Exception {
        for (int i = 0; i < 100; i++) {
            Message message = jms.receive(queue);
            assertThat(message).as("a case on " + queue).isNotNull();
            JsonNode sent = JSON.readTree(((TextMessage) message).getText());
            if (sent.path("case_no").asText().equals(caseNo)) {
                return sent;
            }
        }
        throw new AssertionError("no case " + caseNo + " on " + queue);
    }

    private static List<String> statusesReceived(String eventId) {
        return SMART_GRID.requests("/api/leads/" + eventId + "/status").stream()
                .map(r -> body(r).path("status").asText()).toList();
    }

    private static JsonNode body(FakeServer.Request request) {
        try {
            return JSON.readTree(request.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
