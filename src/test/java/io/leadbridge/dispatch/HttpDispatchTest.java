package io.leadbridge.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP departments behind a fake server: transient failures retried with the same
 * Idempotency-Key, a permanent one straight to review, and a department that is down holding up
 * nobody else (one dispatch consumer, so a blocking retry would show): its circuit opens, its cases
 * wait (visible as metrics and on the console) and go out oldest first when it is back.
 */
@BridgeTest
@DirtiesContext
@org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc
class HttpDispatchTest {

    static final FakeServer DEPARTMENTS = new FakeServer();
    static final AtomicInteger HEALTH_CALLS = new AtomicInteger();
    static final java.util.concurrent.atomic.AtomicBoolean EDU_UP = new java.util.concurrent.atomic.AtomicBoolean();

    static {
        DEPARTMENTS.on("/health", r -> HEALTH_CALLS.incrementAndGet() <= 2
                ? new FakeServer.Reply(503, "{\"error\":\"busy\"}") : FakeServer.Reply.ok("{}"));
        DEPARTMENTS.on("/culture", r -> new FakeServer.Reply(400, "{\"error\":\"unknown clue_type\"}"));
        DEPARTMENTS.on("/edu", r -> EDU_UP.get() ? FakeServer.Reply.ok("{}") : new FakeServer.Reply(503, "{\"error\":\"down for maintenance\"}"));
    }

    @DynamicPropertySource
    static void departments(DynamicPropertyRegistry registry) {
        registry.add("bridge.dispatch.departments.HEALTH.url", () -> DEPARTMENTS.url() + "/health");
        registry.add("bridge.dispatch.departments.CULTURE.url", () -> DEPARTMENTS.url() + "/culture");
        registry.add("bridge.dispatch.departments.EDU.url", () -> DEPARTMENTS.url() + "/edu");
        registry.add("bridge.dispatch.consumers", () -> "1");
        registry.add("bridge.dispatch.redelivery-delay", () -> "1500");
        registry.add("bridge.dispatch.maximum-redelivery-delay", () -> "1500");
        registry.add("bridge.dispatch.max-redeliveries", () -> "3");
        registry.add("bridge.dispatch.circuit.window", () -> "4");
    }

    @AfterAll
    static void stop() {
        DEPARTMENTS.close();
    }

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.test.web.servlet.MockMvc mvc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void serviceUnavailableTwiceThenOkIsDeliveredOnceWithOneIdempotencyKey() {
        ObjectNode lead = Leads.routedTo("HEALTH");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        List<FakeServer.Request> calls = DEPARTMENTS.requests("/health");
        assertThat(calls).hasSize(3);
        String caseNo = api.lead(eventId).path("caseNo").asText();
        assertThat(calls).extracting(c -> c.header("Idempotency-Key")).containsOnly(caseNo + "-1");
        assertThat(calls).extracting(c -> c.header("Message-Kind")).containsOnly("CASE");
        assertThat(calls.get(2).header("Content-Type")).contains("application/json");
        JsonNode deliveries = api.lead(eventId).path("deliveries");
        assertThat(deliveries.findValuesAsText("outcome")).containsExactly("RETRY", "RETRY", "DELIVERED");
        assertThat(deliveries.get(0).path("error").asText()).contains("HTTP 503");
    }

    @Test
    void badRequestIsAPermanentFailureAndGoesToReviewAtOnce() {
        ObjectNode lead = Leads.routedTo("CULTURE");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERY_FAILED".equals(api.state(eventId)));
        JsonNode stored = api.lead(eventId);
        assertThat(stored.path("deliveries").findValuesAsText("outcome")).containsExactly("FAILED");
        assertThat(stored.path("deliveries").get(0).path("error").asText()).contains("HTTP 400").contains("unknown clue_type");
        assertThat(stored.path("timeline").findValuesAsText("event")).contains("DELIVERY_FAILED");
        assertThat(api.get("/api/v1/review?reason=DELIVERY_FAILED&size=500").json().path("items").findValuesAsText("ref"))
                .contains(eventId);
    }

    @Test
    void aDepartmentThatIsDownHoldsUpNoOtherAndGetsItsWaitingCasesOldestFirstWhenBack() throws Exception {
        ObjectNode first = Leads.routedTo("EDU");
        assertThat(api.push(first.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !DEPARTMENTS.requests("/edu").isEmpty());
        ObjectNode toAmr = Leads.routedTo("AMR");
        assertThat(api.push(toAmr.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(toAmr.get("eventId").asText())));
        assertThat(api.state(first.get("eventId").asText())).isEqualTo("ROUTED");

        // Retries spent with the circuit open: the case waits rather than fails, and so do the next ones.
        await().atMost(Duration.ofSeconds(30)).until(() -> api.lead(first.get("eventId").asText()).path("deliveries")
                .findValuesAsText("outcome").contains("WAITING"));
        List<String> eventIds = new java.util.ArrayList<>(List.of(first.get("eventId").asText()));
        for (int i = 0; i < 2; i++) {
            ObjectNode later = Leads.routedTo("EDU");
            assertThat(api.push(later.toString()).status()).isEqualTo(202);
            eventIds.add(later.get("eventId").asText());
        }
        assertThat(api.lead(first.get("eventId").asText()).path("state").asText()).isEqualTo("ROUTED");
        assertThat(api.get("/actuator/health/departments", null).body()).contains("DEGRADED");
        // The wait is visible: the circuit is not closed and the later cases are counted as held back.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(gauge("bridge.dispatch.circuit", "EDU")).isIn(1.0, 2.0);
            assertThat(gauge("bridge.dispatch.waiting", "EDU")).isBetween(1.0, 3.0);
            assertThat(gauge("bridge.dispatch.circuit", "AMR")).isZero();
        });
        // ...and on the console's work queue, in Chinese.
        assertThat(mvc.perform(get("/console").with(user("admin").roles("CITY_ADMIN"))).andReturn().getResponse()
                .getContentAsString()).contains("id=\"paused\"").contains("暂停向").contains("件案件在等待");
        List<String> keys = eventIds.stream().map(e -> api.lead(e).path("caseNo").asText() + "-1").toList();

        EDU_UP.set(true);

        for (String eventId : eventIds) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        }
        // Oldest first: the department saw each case's first successful delivery in the order the cases came.
        List<String> deliveredOrder = DEPARTMENTS.requests("/edu").stream()
                .map(r -> r.header("Idempotency-Key")).filter(keys::contains).toList();
        List<Integer> lastCall = keys.stream().map(deliveredOrder::lastIndexOf).toList();
        assertThat(lastCall).isSorted();
        assertThat(gauge("bridge.dispatch.circuit", "EDU")).isZero();
        assertThat(gauge("bridge.dispatch.waiting", "EDU")).isZero();
    }

    private double gauge(String name, String dept) {
        return meters.get(name).tag("dept", dept).gauge().value();
    }
}
