package io.leadbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CaseSchema;
import io.leadbridge.support.Leads;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push end to end: a lead in by HTTP, its case out on the department's queue. */
@BridgeTest
class PushIntakeTest {

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;
    @Autowired
    LeadIntake intake;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    io.leadbridge.ledger.LeadLedger ledger;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        jms.setReceiveTimeout(10_000);
    }

    @Test
    void routedLeadBecomesASchemaValidCaseOnTheDepartmentQueue() throws Exception {
        ObjectNode lead = Leads.routedTo("CULTURE");
        String eventId = lead.get("eventId").asText();
        NotifyBuilder delivered = new NotifyBuilder(camel).fromRoute("dispatch").whenCompleted(1).create();

        Api.Answer answer = api.push(lead.toString());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("outcome").asText()).isEqualTo("ACCEPTED");
        JsonNode sent = caseFor(eventId, "css.dept.CULTURE");
        assertThat(CaseSchema.validate(sent)).isEmpty();
        assertThat(sent.path("dept_code").asText()).isEqualTo("CULTURE");
        assertThat(sent.path("dispatch_seq").asInt()).isEqualTo(1);
        assertThat(sent.path("dispatch_mode").asText()).isEqualTo("AUTO");
        assertThat(sent.path("case_no").asText()).startsWith("QW" + lead.path("grid").path("townCode").asText());
        assertThat(delivered.matches(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        JsonNode stored = api.lead(eventId);
        assertThat(stored.path("caseNo").asText()).isEqualTo(sent.path("case_no").asText());
        assertThat(stored.path("routing").path("catalogueVersion").asText()).isNotEmpty();
        List<String> events = new ArrayList<>();
        stored.path("timeline").forEach(e -> events.add(e.path("event").asText()));
        assertThat(events).containsExactly("RECEIVED", "ROUTED", "CASE_CREATED", "DISPATCHED");
        assertThat(stored.path("lead").path("subject").path("operatorIdNumber").asText()).contains("****");
    }

    /**
     * Leads taken in together (push, queue and poll go through the intake's group commit): the lot's cases are put on
     * the dispatch queue by the group commit, in one broker transaction, and the intake route has none left to send.
     */
    @Test
    void leadsTakenInTogetherAreOnTheDispatchQueueWhenAnswered() throws Exception {
        int leads = 12;
        List<String> eventIds = new ArrayList<>();
        List<java.util.concurrent.Callable<IntakeResult>> calls = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            ObjectNode lead = Leads.routedTo("CULTURE");
            eventIds.add(lead.get("eventId").asText());
            byte[] body = lead.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            calls.add(() -> intake.accept(body, "PUSH", "test", null));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(leads);
        try {
            for (var taken : pool.invokeAll(calls)) {
                IntakeResult result = taken.get();
                assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.ACCEPTED);
                assertThat(result.hasDispatch()).isTrue();
                assertThat(result.toQueue()).as("queued by the group commit, nothing left for the route").isFalse();
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> eventIds.stream().allMatch(id -> "DISPATCHED".equals(api.state(id))));
    }

    @Test
    void leadNotLeftUnrectifiedIsHeldAndNotRouted() {
        ObjectNode lead = Leads.routedTo("HEALTH");
        ((ObjectNode) lead.get("villageDisposal")).put("status", "RECTIFYING");
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        JsonNode stored = api.lead(lead.get("eventId").asText());
        assertThat(stored.path("state").asText()).isEqualTo("HELD");
        assertThat(stored.path("caseNo").isNull()).isTrue();
    }

    @Test
    void disputedLeadKeepsReasonAndCandidatesAndIsListedForReview() {
        ObjectNode lead = Leads.disputed("CONFLICT");
        String eventId = lead.get("eventId").asText();
        String town = lead.path("grid").path("townCode").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);

        JsonNode stored = api.lead(eventId);
        assertThat(stored.path("state").asText()).isEqualTo("DISPUTED");
        assertThat(stored.path("reason").asText()).isEqualTo("CONFLICT");
        assertThat(stored.path("candidates").size()).isGreaterThan(1);
        assertThat(refs(api.get("/api/v1/review?reason=CONFLICT&town=" + town).json())).contains(eventId);
        assertThat(refs(api.get("/api/v1/review?reason=NO_MATCH&town=" + town).json())).doesNotContain(eventId);
        assertThat(refs(api.get("/api/v1/review?reason=CONFLICT&town=441900003" + (town.equals("441900003") ? "x" : "")).json()))
                .doesNotContain(eventId);
    }

    @Test
    void replayOfTheSameOrALowerVersionChangesNothing() {
        ObjectNode lead = Leads.routedTo("PSB");
        lead.put("version", 3);
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        String caseNo = api.lead(eventId).path("caseNo").asText();
        int historyBefore = api.lead(eventId).path("timeline").size();

        Api.Answer same = api.push(lead.toString());
        lead.put("version", 2);
        Api.Answer lower = api.push(lead.toString());

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(lower.status()).isEqualTo(200);
        assertThat(lower.json().path("outcome").asText()).isEqualTo("DUPLICATE");
        JsonNode stored = api.lead(eventId);
        assertThat(stored.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(stored.path("version").asInt()).isEqualTo(3);
        assertThat(stored.path("timeline").size()).isGreaterThanOrEqualTo(historyBefore);
        assertThat(countEvents(stored, "RECEIVED")).isEqualTo(1);
    }

    @Test
    void aRepeatIsAnsweredWhileTheLeadIsLockedElsewhere() throws Exception {
        // a repeat is judged on a plain read: it neither waits for the row's lock nor has H2 store a lock's mark
        ObjectNode lead = Leads.routedTo("PSB");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        long id = jdbc.sql("SELECT id FROM lead WHERE event_id = ?").param(eventId).query(Long.class).single();
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Boolean> holder = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                new org.springframework.transaction.support.TransactionTemplate(transactions).execute(status -> {
                    assertThat(ledger.lockById(id)).isPresent();
                    locked.countDown();
                    try {
                        return answered.await(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }));
        assertThat(locked.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        Api.Answer repeat = api.push(lead.toString());
        answered.countDown();

        assertThat(repeat.status()).as("answered while the lock is held, not after it").isEqualTo(200);
        assertThat(repeat.json().path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(holder.get(60, java.util.concurrent.TimeUnit.SECONDS)).as("the lock was held until the answer").isTrue();
    }

    @Test
    void higherVersionBeforeDispatchIsEvaluatedAgain() throws Exception {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        assertThat(api.state(eventId)).isEqualTo("DISPUTED");

        lead.put("version", lead.get("version").asInt() + 1);
        lead.put("businessScope", "经营网吧");
        lead.put("licenseState", "NO_LICENSE_NO_PERMIT");
        Api.Answer answer = api.push(lead.toString());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("outcome").asText()).isEqualTo("UPDATED");
        JsonNode sent = caseFor(eventId, "css.dept.CULTURE");
        assertThat(sent.path("source_version").asInt()).isEqualTo(lead.get("version").asInt());
        assertThat(countEvents(api.lead(eventId), "NEW_VERSION")).isEqualTo(1);
    }

    @Test
    void higherVersionAfterDispatchIsRecordedAndFlaggedForReview() {
        ObjectNode lead = Leads.routedTo("EDU");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        String caseNo = api.lead(eventId).path("caseNo").asText();

        lead.put("version", lead.get("version").asInt() + 1);
        lead.put("description", "经营者已搬走");
        Api.Answer answer = api.push(lead.toString());

        assertThat(answer.status()).isEqualTo(202);
        JsonNode stored = api.lead(eventId);
        assertThat(stored.path("caseNo").asText()).isEqualTo(caseNo);
        assertThat(stored.path("reviewFlag").asText()).isEqualTo("NEW_VERSION_AFTER_DISPATCH");
        assertThat(countEvents(stored, "NEW_VERSION_AFTER_DISPATCH")).isEqualTo(1);
        assertThat(refs(api.get("/api/v1/review?reason=NEW_VERSION_AFTER_DISPATCH&size=500").json())).contains(eventId);
    }

    @Test
    void twoCopiesAtOnceByPushAndQueueMakeOneLead() throws Exception {
        List<String> eventIds = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ObjectNode lead = Leads.routedTo("TRANSPORT");
            eventIds.add(lead.get("eventId").asText());
            threads.add(new Thread(() -> api.push(lead.toString())));
            threads.add(new Thread(() -> jms.convertAndSend("sgs.leads", lead.toString())));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        for (String eventId : eventIds) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(eventId)));
            JsonNode stored = api.lead(eventId);
            assertThat(countEvents(stored, "RECEIVED")).isEqualTo(1);
            assertThat(countEvents(stored, "CASE_CREATED")).isEqualTo(1);
        }
        long rows = jdbc.sql("SELECT COUNT(*) FROM lead WHERE event_id IN (" + String.join(",",
                eventIds.stream().map(e -> "'" + e + "'").toList()) + ")").query(Long.class).single();
        assertThat(rows).isEqualTo(10);
    }

    private JsonNode caseFor(String eventId, String queue) throws Exception {
        for (int i = 0; i < 50; i++) {
            Message message = jms.receive(queue);
            assertThat(message).as("a case on " + queue).isNotNull();
            JsonNode sent = json.readTree(((TextMessage) message).getText());
            if (sent.path("source_id").asText().equals(eventId)) {
                assertThat(message.getStringProperty("IdempotencyKey"))
                        .isEqualTo(sent.path("case_no").asText() + "-" + sent.path("dispatch_seq").asInt());
                assertThat(message.getStringProperty("MessageKind")).as("a case, not a notice").isEqualTo("CASE");
                return sent;
            }
        }
        throw new AssertionError("no case for " + eventId + " on " + queue);
    }

    private static List<String> refs(JsonNode page) {
        return page.path("items").findValuesAsText("ref");
    }

    private static long countEvents(JsonNode lead, String event) {
        List<String> events = lead.path("timeline").findValuesAsText("event");
        return events.stream().filter(event::equals).count();
    }
}
