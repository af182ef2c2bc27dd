package io.leadbridge.sla;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import io.leadbridge.support.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A case not accepted by its deadline is flagged, in its timeline, the metric and ?overdue=true. */
@BridgeTest
@DirtiesContext
@Import(OverdueTest.Clocks.class)
class OverdueTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    TestClock clock;
    @Autowired
    OverdueCheck check;
    @Autowired
    MeterRegistry meters;

    @Test
    void aCasePastItsAcceptDeadlineIsFlaggedAndListed() {
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("HOUSING");
        String eventId = lead.get("eventId").asText();
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(eventId)));
        check.flag();
        assertThat(api.get("/api/v1/leads?overdue=true&size=500").json().path("items").findValuesAsText("ref")).doesNotContain(eventId);

        clock.advance(Duration.ofDays(9));
        check.flag();

        assertThat(api.get("/api/v1/leads?overdue=true&size=500").json().path("items").findValuesAsText("ref")).contains(eventId);
        assertThat(api.lead(eventId).path("timeline").findValuesAsText("event")).contains("OVERDUE_ACCEPT").doesNotContain("OVERDUE_CLOSE");
        assertThat(meters.get("bridge.sla.overdue").gauge().value()).isGreaterThanOrEqualTo(1);
        check.flag();
        assertThat(api.lead(eventId).path("timeline").findValuesAsText("event").stream().filter("OVERDUE_ACCEPT"::equals)).hasSize(1);
    }
}
