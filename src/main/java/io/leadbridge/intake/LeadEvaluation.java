package io.leadbridge.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.casefile.CaseBuilder;
import io.leadbridge.casefile.CaseIssuer;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.routing.LeadText;
import io.leadbridge.routing.Router;
import io.leadbridge.routing.RoutingDecision;
import io.leadbridge.status.StatusOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;

/**
 * What happens to a lead that is not yet a case: the village filter (§5), the router, and for a
 * routed lead its case and dispatch, and the status Smart-Grid is told. Runs in the caller's
 * transaction; the dispatch key it answers is to be queued after that commits.
 */
@Component
public class LeadEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(LeadEvaluation.class);

    /** The state a lead reached, the decision (null when HELD) and the dispatch to queue (null when none). */
    public record Evaluation(LeadState state, RoutingDecision decision, String dispatchKey) {
    }

    private final LeadLedger ledger;
    private final Router router;
    private final CaseIssuer issuer;
    private final StatusOutbox status;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public LeadEvaluation(LeadLedger ledger, Router router, CaseIssuer issuer, StatusOutbox status, ObjectMapper json,
                          MeterRegistry meters) {
        this.meters = meters;
        this.ledger = ledger;
        this.router = router;
        this.issuer = issuer;
        this.status = status;
        this.json = json;
    }

    /** Evaluates lead {@code id}; {@code actor} is who caused it (the router at intake, a person re-routing). */
    public Evaluation evaluate(long id, JsonNode lead, OffsetDateTime receivedAt, String actor) {
        String eventId = lead.get("eventId").asText();
        long version = lead.get("version").asLong();
        String village = lead.path("villageDisposal").path("status").asText();
        if (!"UNRECTIFIED".equals(village)) {
            ledger.setState(id, LeadState.HELD);
            ledger.appendHistory(id, actor, "HELD", LeadState.HELD, "village status " + village + ": not escalated");
            status.record(eventId, version, "HELD", null, null, null, "village status " + village);
            LOG.info("lead {} v{} HELD (village status {})", eventId, version, village);
            return new Evaluation(LeadState.HELD, null, null);
        }
        RoutingDecision decision = router.decide(LeadText.of(lead));
        meters.counter("bridge.routing.decisions", "decision", decision.decision().name(), "reason", decision.reason().name())
                .increment();
        String routing = write(decision);
        LeadLedger.Decision recorded = new LeadLedger.Decision(decision.decision().name(), decision.reason().name(),
                decision.hazard(), decision.routed() ? null : String.join(",", decision.candidates()), decision.catalogueVersion(),
                routing);
        if (!decision.routed()) {
            ledger.setDecision(id, LeadState.DISPUTED, recorded, null);
            ledger.appendHistory(id, actor, "DISPUTED", LeadState.DISPUTED, routing);
            status.record(eventId, version, "DISPUTED", null, null, null, decision.reason().name());
            LOG.info("lead {} v{} DISPUTED ({}{})", eventId, version, decision.reason(),
                    decision.candidates().isEmpty() ? "" : " " + decision.candidates());
            return new Evaluation(LeadState.DISPUTED, decision, null);
        }
        ledger.appendHistory(id, actor, "ROUTED", LeadState.ROUTED, routing);
        String key = issuer.issue(id, lead, CaseBuilder.Assignment.auto(decision), receivedAt, null, 1, 0, actor, recorded);
        LOG.info("lead {} v{} ROUTED to {} ({}, hazard {}) as {}", eventId, version, decision.department(),
                decision.reason(), decision.hazard(), key);
        return new Evaluation(LeadState.ROUTED, decision, key);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
