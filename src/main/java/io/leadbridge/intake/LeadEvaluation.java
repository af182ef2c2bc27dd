package io.leadbridge.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.casefile.CaseBuilder;
import io.leadbridge.casefile.CaseNumbers;
import io.leadbridge.dispatch.DispatchKey;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.routing.LeadText;
import io.leadbridge.routing.Router;
import io.leadbridge.routing.RoutingDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * What happens to a lead that is not yet a case: the village filter (§5), the router, and for a
 * routed lead its case and dispatch. Runs in the caller's transaction; the dispatch key it
 * answers is to be queued after that commits.
 */
@Component
public class LeadEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(LeadEvaluation.class);

    /** The state a lead reached, the decision (null when HELD) and the dispatch to queue (null when none). */
    public record Evaluation(LeadState state, RoutingDecision decision, String dispatchKey) {
    }

    private final LeadLedger ledger;
    private final Router router;
    private final CaseBuilder cases;
    private final CaseNumbers caseNumbers;
    private final DispatchOutbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public LeadEvaluation(LeadLedger ledger, Router router, CaseBuilder cases, CaseNumbers caseNumbers,
                          DispatchOutbox outbox, ObjectMapper json, Clock clock) {
        this.ledger = ledger;
        this.router = router;
        this.cases = cases;
        this.caseNumbers = caseNumbers;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Evaluates lead {@code id}; {@code actor} is who caused it (the router at intake, a person re-routing). */
    public Evaluation evaluate(long id, JsonNode lead, OffsetDateTime receivedAt, String actor) {
        String eventId = lead.get("eventId").asText();
        int version = lead.get("version").asInt();
        String village = lead.path("villageDisposal").path("status").asText();
        if (!"UNRECTIFIED".equals(village)) {
            ledger.setState(id, LeadState.HELD);
            ledger.appendHistory(id, actor, "HELD", LeadState.HELD, "village status " + village + ": not escalated");
            LOG.info("lead {} v{} HELD (village status {})", eventId, version, village);
            return new Evaluation(LeadState.HELD, null, null);
        }
        RoutingDecision decision = router.decide(LeadText.of(lead));
        String routing = write(decision);
        if (!decision.routed()) {
            ledger.setDecision(id, LeadState.DISPUTED, decision.decision().name(), decision.reason().name(), decision.hazard(),
                    String.join(",", decision.candidates()), decision.catalogueVersion(), null, routing);
            ledger.appendHistory(id, actor, "DISPUTED", LeadState.DISPUTED, routing);
            LOG.info("lead {} v{} DISPUTED ({}{})", eventId, version, decision.reason(),
                    decision.candidates().isEmpty() ? "" : " " + decision.candidates());
            return new Evaluation(LeadState.DISPUTED, decision, null);
        }
        ledger.setDecision(id, LeadState.ROUTED, decision.decision().name(), decision.reason().name(), decision.hazard(),
                null, decision.catalogueVersion(), decision.department(), routing);
        ledger.appendHistory(id, actor, "ROUTED", LeadState.ROUTED, routing);
        String key = makeCase(id, lead, CaseBuilder.Assignment.auto(decision), receivedAt, 1);
        LOG.info("lead {} v{} ROUTED to {} ({}, hazard {}) as {}", eventId, version, decision.department(),
                decision.reason(), decision.hazard(), key);
        return new Evaluation(LeadState.ROUTED, decision, key);
    }

    /** Numbers and builds the case and puts its dispatch in the outbox; answers the dispatch key. */
    private String makeCase(long id, JsonNode lead, CaseBuilder.Assignment assignment, OffsetDateTime receivedAt, int seq) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String caseNo = caseNumbers.next(lead.path("grid").path("townCode").asText(), now.toLocalDate());
        String caseJson = write(cases.build(lead, assignment, caseNo, seq, receivedAt, now));
        ledger.setCase(id, caseNo, seq, assignment.deptCode());
        outbox.insert(caseNo, seq, id, assignment.deptCode(), caseJson);
        ledger.appendHistory(id, "bridge", "CASE_CREATED", LeadState.ROUTED,
                "case " + caseNo + " dispatch " + seq + " to " + assignment.deptCode());
        return DispatchKey.of(caseNo, seq);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
