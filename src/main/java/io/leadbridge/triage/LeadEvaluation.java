package io.leadbridge.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.casefile.CaseBuilder;
import io.leadbridge.casefile.CaseIssuer;
import io.leadbridge.dispatch.Notices;
import io.leadbridge.lead.Lead;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.ledger.LeadRecord;
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
import java.util.Optional;

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
    private final SameBusiness sameBusiness;
    private final LeadLinks links;
    private final Notices notices;

    /** The states in which a department holds the case (an ADDENDUM goes to it). */
    private static final java.util.Set<LeadState> HELD_BY_DEPARTMENT = java.util.EnumSet.of(LeadState.ROUTED, LeadState.DISPATCHED,
            LeadState.ACCEPTED, LeadState.IN_PROGRESS);

    public LeadEvaluation(LeadLedger ledger, Router router, CaseIssuer issuer, StatusOutbox status, ObjectMapper json,
                          MeterRegistry meters, SameBusiness sameBusiness, LeadLinks links, Notices notices) {
        this.notices = notices;
        this.meters = meters;
        this.sameBusiness = sameBusiness;
        this.links = links;
        this.ledger = ledger;
        this.router = router;
        this.issuer = issuer;
        this.status = status;
        this.json = json;
    }

    /** The business a lead is about, folded (its place key is kept with the lead). */
    public Business business(Lead lead) {
        return sameBusiness.business(lead);
    }

    /**
     * A lead just taken in (or a new version of one without a case): the village filter, then the same-business
     * check (a report of a business whose case is open merges into it; one whose cases were closed is a REPEAT,
     * routed as usual with repeat_of), then the router. {@code newVersion}: the lead was checked before, and what the
     * check linked it to then is forgotten first (a lead just taken in has no links: nothing to delete).
     */
    public Evaluation evaluateNew(long id, Lead lead, Business business, OffsetDateTime receivedAt, boolean newVersion) {
        String actor = "router";
        Evaluation held = villageFilter(id, lead, actor);
        if (held != null) {
            return held;
        }
        if (newVersion) {
            links.forgetChecked(id);
        }
        Optional<SameBusiness.Finding> finding = sameBusiness.check(id, business);
        if (finding.isPresent() && LeadLinks.DUPLICATE.equals(finding.get().relation())) {
            return merge(id, lead, finding.get(), LeadLinks.BY_CHECK);
        }
        finding.ifPresent(repeat -> repeat(id, lead, repeat));
        return route(id, lead, receivedAt, actor);
    }

    /** Evaluates lead {@code id} again; {@code actor} is who caused it (a person re-routing, a catalogue change). */
    public Evaluation evaluate(long id, Lead lead, OffsetDateTime receivedAt, String actor) {
        Evaluation held = villageFilter(id, lead, actor);
        return held != null ? held : route(id, lead, receivedAt, actor);
    }

    /** A lead the village team rectified (or did not report as unrectified) is HELD, not escalated (§5); else null. */
    private Evaluation villageFilter(long id, Lead lead, String actor) {
        String village = lead.villageStatus();
        if ("UNRECTIFIED".equals(village)) {
            return null;
        }
        String eventId = lead.eventId();
        long version = lead.version();
        ledger.setState(id, LeadState.HELD);
        ledger.appendHistory(id, actor, "HELD", LeadState.HELD, Detail.of("HELD", "village status " + village + ": not escalated",
                Detail.named("village", village)));
        status.record(eventId, version, "HELD", null, null, null, "village status " + village);
        LOG.info("lead {} v{} HELD (village status {})", eventId, version, village);
        return new Evaluation(LeadState.HELD, null, null);
    }

    /**
     * Another report of a business whose case is open: no case of its own; linked, and Smart-Grid told MERGED.
     * {@code by}: the check, or the person who linked it by hand.
     */
    public Evaluation merge(long id, Lead lead, SameBusiness.Finding finding, String by) {
        String eventId = lead.eventId();
        SameBusiness.Report open = finding.open();
        ledger.setState(id, LeadState.MERGED);
        links.link(id, open.id(), LeadLinks.DUPLICATE, open.caseNo(), finding.score(), finding.why(), by);
        if (finding.first().id() != open.id()) {
            links.link(id, finding.first().id(), LeadLinks.DUPLICATE, finding.first().caseNo(), finding.score(), finding.why(), by);
        }
        String why = "score " + finding.score() + ": " + finding.why();
        ledger.appendHistory(id, by, "MERGED", LeadState.MERGED, Detail.of("MERGED", "the same business at the same place as "
                        + open.eventId() + ", whose case " + open.caseNo() + " is open (" + open.state() + "): merged into it; " + why,
                open.eventId(), open.caseNo(), Detail.state(open.state()), finding.score(), Detail.why(finding.why())));
        ledger.appendHistory(open.id(), by, "REPORT_MERGED", LeadState.valueOf(open.state()), Detail.of("REPORT_MERGED",
                "another report of this business, " + eventId + ", merged into case " + open.caseNo() + "; " + why,
                eventId, open.caseNo(), finding.score(), Detail.why(finding.why())));
        status.record(eventId, lead.version(), "MERGED", open.deptCode(), open.caseNo(), null, why);
        meters.counter("bridge.triage.same-business", "relation", LeadLinks.DUPLICATE).increment();
        LOG.info("lead {} MERGED into case {} of {} ({})", eventId, open.caseNo(), open.eventId(), why);
        return new Evaluation(LeadState.MERGED, null, addendum(open, eventId, by));
    }

    /**
     * The department that holds the open case is told of the merged report (ADDENDUM, on its channel after the
     * commit: the key returned); a case back with the town, or never delivered, has no department to tell.
     */
    private String addendum(SameBusiness.Report open, String eventId, String by) {
        LeadRecord held = ledger.findById(open.id()).orElseThrow();
        if (!HELD_BY_DEPARTMENT.contains(held.state()) || held.dispatchSeq() == null || held.deptCode() == null) {
            ledger.appendHistory(open.id(), by, "ADDENDUM_NOT_SENT", null, Detail.of("ADDENDUM_NOT_SENT", "no department holds case "
                    + open.caseNo() + " now (" + held.state() + "): the merged report " + eventId + " is in its timeline only",
                    open.caseNo(), Detail.state(held.state()), eventId));
            return null;
        }
        String key = notices.addendum(held.id(), held.caseNo(), held.dispatchSeq(), held.deptCode(), eventId);
        ledger.appendHistory(open.id(), by, "ADDENDUM", null, Detail.of("ADDENDUM", "notice " + key + " to " + held.deptCode()
                + ": report " + eventId + " merged into the case", Detail.notice(key), Detail.dept(held.deptCode()), eventId));
        return key;
    }

    /** A report of a business whose cases were closed: linked to them (repeat_of), then routed as usual. */
    private void repeat(long id, Lead lead, SameBusiness.Finding finding) {
        String eventId = lead.eventId();
        java.util.List<SameBusiness.Report> linked = new java.util.ArrayList<>(finding.closed());
        if (linked.stream().noneMatch(r -> r.id() == finding.first().id())) {
            linked.add(0, finding.first());
        }
        for (SameBusiness.Report earlier : linked) {
            links.link(id, earlier.id(), LeadLinks.REPEAT, earlier.caseNo(), finding.score(), finding.why(), LeadLinks.BY_CHECK);
        }
        String cases = String.join(", ", finding.closed().stream().map(SameBusiness.Report::caseNo).toList());
        ledger.appendHistory(id, LeadLinks.BY_CHECK, "REPEAT", LeadState.RECEIVED, Detail.of("REPEAT", "the same business at the same "
                + "place as " + finding.first().eventId() + ", reported again after case(s) " + cases + " closed (反复); score "
                + finding.score() + ": " + finding.why(), finding.first().eventId(), cases, finding.score(), Detail.why(finding.why())));
        meters.counter("bridge.triage.same-business", "relation", LeadLinks.REPEAT).increment();
        LOG.info("lead {} REPEATS closed case(s) {} of {}", eventId, cases, finding.first().eventId());
    }

    /** The router, and for a routed lead its case. */
    private Evaluation route(long id, Lead lead, OffsetDateTime receivedAt, String actor) {
        String eventId = lead.eventId();
        long version = lead.version();
        RoutingDecision decision = router.decide(LeadText.of(lead));
        meters.counter("bridge.routing.decisions", "decision", decision.decision().name(), "reason", decision.reason().name())
                .increment();
        String routing = write(decision);
        LeadLedger.Decision recorded = new LeadLedger.Decision(decision.decision().name(), decision.reason().name(),
                decision.hazard(), decision.routed() ? null : String.join(",", decision.candidates()), decision.catalogueVersion(),
                routing);
        if (!decision.routed()) {
            ledger.setDecision(id, LeadState.DISPUTED, recorded, null);
            ledger.appendHistory(id, actor, "DISPUTED", LeadState.DISPUTED, decision.said(routing));
            status.record(eventId, version, "DISPUTED", null, null, null, decision.reason().name());
            LOG.info("lead {} v{} DISPUTED ({}{})", eventId, version, decision.reason(),
                    decision.candidates().isEmpty() ? "" : " " + decision.candidates());
            return new Evaluation(LeadState.DISPUTED, decision, null);
        }
        ledger.appendHistory(id, actor, "ROUTED", LeadState.ROUTED, decision.said(routing));
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
