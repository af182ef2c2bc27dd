package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database out of reach (no connection can be had): pushes are refused with 503 rather than
 * taken and lost, and a lead on the queue stays there; health is DOWN; once it is back, all recover by
 * themselves. A case delivered just as the database goes is recorded as delivered once it is back: not
 * failed, not sent twice.
 */
@BridgeTest
@DirtiesContext
@Import(DatabaseTroubleTest.Unreachable.class)
class DatabaseTroubleTest {

    static final AtomicBoolean DOWN = new AtomicBoolean();
    static final AtomicInteger REFUSED = new AtomicInteger();
    /** A department that takes the case, and at that moment the bridge's database goes out of reach. */
    static final FakeServer DEPARTMENT = new FakeServer();
    static final AtomicInteger DELIVERIES = new AtomicInteger();

    static {
        DEPARTMENT.on("/health", r -> {
            DELIVERIES.incrementAndGet();
            DOWN.set(true);
            return FakeServer.Reply.ok("{}");
        });
    }

    @DynamicPropertySource
    static void department(DynamicPropertyRegistry registry) {
        registry.add("bridge.dispatch.departments.HEALTH.url", () -> DEPARTMENT.url() + "/health");
    }

    @AfterAll
    static void stop() {
        DEPARTMENT.close();
    }

    /** Wraps the bridge's data source so the test can cut it off. */
    @TestConfiguration
    static class Unreachable {
        @Bean
        static BeanPostProcessor cutOffDatabase() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource real && name.equals("dataSource")) {
                        return new DelegatingDataSource(real) {
                            @Override
                            public Connection getConnection() throws SQLException {
                                if (DOWN.get()) {
                                    REFUSED.incrementAndGet();
                                    throw new SQLTransientConnectionException("database unreachable (test)");
                                }
                                return super.getConnection();
                            }
                        };
                    }
                    return bean;
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;

    @Test
    void noLeadIsTakenThatCannotBeKeptAndTheBridgeRecovers() {
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("AMR");
        DOWN.set(true);
        try {
            Api.Answer refused = api.push(lead.toString());
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("detail").asText()).contains("could not be stored");
            assertThat(refused.body()).doesNotContain("at io.leadbridge").doesNotContain("Exception");
            Api.Answer health = api.get("/actuator/health/database", null);
            assertThat(health.status()).as(health.body()).isEqualTo(503);
        } finally {
            DOWN.set(false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/actuator/health/database", null).status() == 200);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(lead.get("eventId").asText())));
    }

    @Test
    void aQueueLeadTheDatabaseCannotTakeStaysOnTheQueueUntilItCan() {
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("AMR");
        NotifyBuilder triedTwice = new NotifyBuilder(camel).fromRoute("intake-queue").whenFailed(2).create();
        DOWN.set(true);
        try {
            jms.convertAndSend("sgs.leads", lead.toString());
            // taken, failed and rolled back; the broker gave it again after its redelivery delay, and it failed again
            assertThat(triedTwice.matches(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            DOWN.set(false);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(lead.get("eventId").asText())));
    }

    @Test
    void aDeliveryThatCannotBeRecordedIsRecordedLaterNotFailed() {
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("HEALTH");
        int refusedBefore = REFUSED.get();
        try {
            assertThat(api.push(lead.toString()).status()).isEqualTo(202);
            // the department took the case; recording that fails, and is tried again (DeliveryRecorder)
            await().atMost(Duration.ofSeconds(10)).until(() -> DELIVERIES.get() == 1 && REFUSED.get() >= refusedBefore + 2);
        } finally {
            DOWN.set(false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(lead.get("eventId").asText())));
        assertThat(DELIVERIES.get()).as("the case went to the department once: only its record was retried").isEqualTo(1);
    }
}
