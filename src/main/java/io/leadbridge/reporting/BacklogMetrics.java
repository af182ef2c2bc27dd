package io.leadbridge.reporting;

import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The ledger as gauges: leads by state (the backlog), and the bridge's dead letters (leads whose
 * delivery failed for good and wait for a person).
 */
@Component
public class BacklogMetrics {

    public BacklogMetrics(LeadLedger ledger, MeterRegistry meters) {
        for (LeadState state : LeadState.values()) {
            Gauge.builder("bridge.leads", () -> ledger.countInState(state)).tag("state", state.name())
                    .description("leads in the ledger by state").register(meters);
        }
        Gauge.builder("bridge.dead.letters", () -> ledger.countInState(LeadState.DELIVERY_FAILED))
                .description("cases whose delivery failed for good, waiting for review").register(meters);
    }
}
