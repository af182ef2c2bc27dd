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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP departments behind a fake server: transient failures retried with the same
 * Idempotency-Key, a permanent one straight to review, and a department that is down holding up
 * nobody else (one dispatch consumer, so a blocking retry would show).
 */
@BridgeTest
@DirtiesContext
class HttpDispatchTest {

    static final FakeServer DEPARTMENTS = new FakeServer();
    static final AtomicInteger HEALTH_CALLS = new AtomicInteger();

    static {
        DEPARTMENTS.on("/health", r -> HEALTH_CALLS.incrementAndGet() <= 2
                ? new FakeServer.Reply(503, "{\"error\":\"busy\"}") : FakeServer.Reply.ok("{}"));
        DEPARTMENTS.on("/culture", r -> new FakeServer.Reply(400, "{\"error\":\"unknown clue_type\"}"));
        DEPARTMENTS.on("/edu", r -> new FakeServer.Reply(503, "{\"error\":\"down for maintenance\"}"));
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
    }

    @AfterAll
    static void stop() {
        DEPARTMENTS.close();
    }

    @LocalServerPort
    int port;
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
    void aDepartmentThatIsDownHoldsUpNoOtherDepartment() {
        ObjectNode toEdu = Leads.routedTo("EDU");
        ObjectNode toAmr = Leads.routedTo("AMR");
        assertThat(api.push(toEdu.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !DEPARTMENTS.requests("/edu").isEmpty());

        assertThat(api.push(toAmr.toString()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(toAmr.get("eventId").asText())));
        assertThat(api.state(toEdu.get("eventId").asText())).isEqualTo("ROUTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERY_FAILED".equals(api.state(toEdu.get("eventId").asText())));
        assertThat(api.lead(toEdu.get("eventId").asText()).path("deliveries").findValuesAsText("outcome"))
                .containsExactly("RETRY", "RETRY", "RETRY", "FAILED");
    }
}
