package io.leadbridge.casefile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.config.ClockConfig;
import io.leadbridge.dispatch.DispatchKey;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.lead.Lead;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.sla.SlaClock;
import io.leadbridge.status.StatusOutbox;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Issues a dispatch of a lead's case, in the caller's transaction: the case number (new, or the
 * case's own on a re-dispatch), the deadlines, the case JSON in the outbox, the lead's state and
 * timeline, and ESCALATED for Smart-Grid. Answers the dispatch key to queue after the commit.
 */
@Component
public class CaseIssuer {

    private final CaseBuilder cases;
    private final CaseNumbers caseNumbers;
    private final SlaClock sla;
    private final LeadLedger ledger;
    private final DispatchOutbox outbox;
    private final StatusOutbox status;
    private final ObjectMapper json;
    private final Clock clock;
    private final LeadLinks links;

    public CaseIssuer(CaseBuilder cases, CaseNumbers caseNumbers, SlaClock sla, LeadLedger ledger, DispatchOutbox outbox,
                      StatusOutbox status, ObjectMapper json, Clock clock, LeadLinks links) {
        this.links = links;
        this.cases = cases;
        this.caseNumbers = caseNumbers;
        this.sla = sla;
        this.ledger = ledger;
        this.outbox = outbox;
        this.status = status;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param caseNo      the case's number on a re-dispatch, null for the first
     * @param dispatchSeq 1 for the first dispatch, +1 for each re-dispatch
     * @param slaUsedDays working days the close clock already ran
     */
    public String issue(long leadId, Lead lead, CaseBuilder.Assignment assignment, OffsetDateTime receivedAt,
                        String caseNo, int dispatchSeq, int slaUsedDays, String actor) {
        return issue(leadId, lead, assignment, receivedAt, caseNo, dispatchSeq, slaUsedDays, actor, null);
    }

    /** The same, for a lead the router sent: its decision is recorded with the dispatch. */
    public String issue(long leadId, Lead lead, CaseBuilder.Assignment assignment, OffsetDateTime receivedAt,
                        String caseNo, int dispatchSeq, int slaUsedDays, String actor, LeadLedger.Decision decision) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String number = caseNo != null ? caseNo : caseNumbers.next(lead.townCode(), now.toLocalDate());
        SlaClock.Deadlines deadlines = sla.forDispatch(now, assignment.major(), slaUsedDays);
        var built = cases.build(lead, assignment, number, dispatchSeq, receivedAt, now, deadlines);
        java.util.List<String> repeatOf = links.repeatOf(leadId);
        if (!repeatOf.isEmpty()) {
            var earlier = built.putArray("repeat_of"); // a business reported again after its case(s) closed (反复)
            repeatOf.forEach(earlier::add);
        }
        String caseJson = write(built);
        ledger.setDispatch(leadId, number, dispatchSeq, assignment.deptCode(), now, deadlines.accept(), deadlines.finish(), decision);
        outbox.insert(number, dispatchSeq, leadId, assignment.deptCode(), assignment.mode(), caseJson);
        ledger.appendHistory(leadId, actor, dispatchSeq == 1 ? "CASE_CREATED" : "REDISPATCHED", LeadState.ROUTED, Detail.of("CASE",
                "case " + number + " dispatch " + dispatchSeq + " (" + assignment.mode() + ") to " + assignment.deptCode()
                        + "; accept by " + ClockConfig.local(deadlines.accept()) + ", close by " + ClockConfig.local(deadlines.finish()),
                number, dispatchSeq, Detail.named("mode", assignment.mode()), Detail.dept(assignment.deptCode()),
                Detail.time(deadlines.accept()), Detail.time(deadlines.finish())));
        status.record(lead.eventId(), lead.version(), "ESCALATED", assignment.deptCode(), number,
                null, null);
        return DispatchKey.of(number, dispatchSeq);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
