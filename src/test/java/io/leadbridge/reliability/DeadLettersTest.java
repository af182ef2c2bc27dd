package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.ConsoleClient;
import io.leadbridge.support.Leads;
import io.leadbridge.support.StandaloneBroker;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A queued lead the bridge could not take in, delivered until the broker gave up on it: it waits on the broker's
 * dead-letter queue, counted by the queue it came from (metric, ops API, the city office's work queue), and ops put it back on sgs.leads once
 * the cause is gone; it is then taken in as any queued lead. The intake is made to fail by an advice on the route
 * (the broker gives up after two deliveries here, a setting of the embedded broker).
 */
@BridgeTest
@DirtiesContext
@UseAdviceWith
@AutoConfigureObservability
class DeadLettersTest {

    static final AtomicBoolean INTAKE_OUT_OF_ORDER = new AtomicBoolean();

    @DynamicPropertySource
    static void brokerGivesUpSoon(DynamicPropertyRegistry registry) {
        registry.add("bridge.broker.max-delivery-attempts", () -> "2");
        registry.add("bridge.broker.dead-letter-check-period", () -> "200");
    }

    @Autowired
    CamelContext camel;
    @Autowired
    JmsTemplate jms;
    @LocalServerPort
    int port;

    @BeforeEach
    void intakeFailsUntilTold() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "intake-queue", a -> a.weaveById("intake-queue-to-intake").before().process(e -> {
                if (INTAKE_OUT_OF_ORDER.get()) {
                    throw new IllegalStateException("the intake is out of order (test)");
                }
            }));
            camel.start();
        }
    }

    @Test
    void aLeadTheBrokerGaveUpOnIsCountedAndOpsPutItBack() {
        assumeFalse(StandaloneBroker.enabled(), "the embedded broker's max-delivery-attempts is set by this test");
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("AMR");
        String eventId = lead.get("eventId").asText();
        INTAKE_OUT_OF_ORDER.set(true);

        jms.convertAndSend("sgs.leads", lead.toString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters(api, "sgs.leads")).endsWith(" 1.0"));
        Api.Answer counts = api.get("/api/v1/dead-letters");
        assertThat(counts.status()).as(counts.body()).isEqualTo(200);
        assertThat(counts.json().path("byQueue").path("sgs.leads").asLong()).isEqualTo(1);
        assertThat(counts.json().path("byQueue").path("css.feedback").asLong()).isZero();
        assertThat(counts.json().path("total").asLong()).isEqualTo(1);
        assertThat(api.lead(eventId)).as("not in the ledger while it waits on DLQ").isNull();
        var health = api.get("/actuator/health", null).json();
        assertThat(health.path("status").asText()).as("the bridge still answers, DEGRADED").isEqualTo("DEGRADED");
        assertThat(health.path("components").path("deadLetters").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.path("components").path("deadLetters").path("details").path("byQueue").path("sgs.leads").asLong()).isEqualTo(1);
        assertThat(api.get("/actuator/health/readiness", null).status()).as("a load balancer keeps the bridge").isEqualTo(200);
        // the city office's work queue says so (in no town's list yet); a town coordinator's does not
        ConsoleClient admin = new ConsoleClient();
        admin.signIn(port, "admin", BridgeTest.PASSWORD);
        assertThat(admin.get(port, "/console").body()).contains("id=\"dead-letters\"").contains("死信队列中有 1 条消息");
        ConsoleClient town = new ConsoleClient();
        town.signIn(port, "humen", BridgeTest.PASSWORD);
        assertThat(town.get(port, "/console").body()).doesNotContain("dead-letters");

        assertThat(api.get("/api/v1/dead-letters", BridgeTest.SMART_GRID_KEY).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/dead-letters/requeue?queue=sgs.leads", BridgeTest.SMART_GRID_KEY, "").status()).isEqualTo(403);
        Api.Answer unknown = api.post("/api/v1/dead-letters/requeue?queue=sgs.nothing", api.opsKey(), "");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asText()).startsWith("queue: ").contains("sgs.nothing");

        INTAKE_OUT_OF_ORDER.set(false);
        Api.Answer requeued = api.post("/api/v1/dead-letters/requeue?queue=sgs.leads", api.opsKey(), "");
        assertThat(requeued.status()).as(requeued.body()).isEqualTo(200);
        assertThat(requeued.json().path("requeued").asInt()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        assertThat(api.lead(eventId).path("channel").asText()).isEqualTo("QUEUE");
        assertThat(api.get("/api/v1/dead-letters").json().path("total").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadLetters(api, "sgs.leads")).endsWith(" 0.0"));
        assertThat(api.get("/actuator/health", null).json().path("components").path("deadLetters").path("status").asText()).isEqualTo("UP");
        assertThat(admin.get(port, "/console").body()).doesNotContain("dead-letters");
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(200);
    }

    @Test
    void onEitherBrokerADeadLetterIsCountedByItsQueueAndPutBack() {
        // a lead as the broker leaves one on DLQ after its deliveries: with the queue it came from in _AMQ_ORIG_QUEUE
        // (the embedded broker here; the standalone one with mvn -Ppostgres,artemis, reached over TCP with the bridge's user)
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("CULTURE");
        String eventId = lead.get("eventId").asText();
        long before = api.get("/api/v1/dead-letters").json().path("byQueue").path("sgs.leads").asLong();
        jms.convertAndSend("DLQ", lead.toString(), m -> {
            m.setStringProperty("_AMQ_ORIG_QUEUE", "sgs.leads");
            return m;
        });
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/api/v1/dead-letters").json().path("byQueue").path("sgs.leads").asLong() == before + 1);

        Api.Answer requeued = api.post("/api/v1/dead-letters/requeue?queue=sgs.leads", api.opsKey(), "");
        assertThat(requeued.status()).as(requeued.body()).isEqualTo(200);
        assertThat(requeued.json().path("requeued").asLong()).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(eventId)));
    }

    /** The metric's line for queue, e.g. {@code bridge_broker_dead_letters{queue="sgs.leads"} 1.0}; "" if there is none. */
    private static String deadLetters(Api api, String queue) {
        return api.get("/actuator/prometheus", null).body().lines()
                .filter(l -> l.startsWith("bridge_broker_dead_letters{") && l.contains("queue=\"" + queue + "\"")).findFirst().orElse("");
    }
}
