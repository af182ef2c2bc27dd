package io.leadbridge.review;

import io.leadbridge.lead.Lead;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.ledger.Detail;
import io.leadbridge.triage.LeadEvaluation;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.triage.SameBusiness;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;

/**
 * A person corrects the same-business check (console or API, audited): unlinks a lead that is not the business it
 * was linked to (a MERGED lead is then routed and dispatched as usual), or links two reports of one business by
 * hand (merged into the other's open case when it has none of its own, else recorded as a link).
 */
@Component
public class BusinessLinks {

    private static final Set<LeadState> NO_CASE_YET = Set.of(LeadState.DISPUTED, LeadState.HELD);

    private final LeadLedger ledger;
    private final LeadLinks links;
    private final LeadEvaluation evaluation;
    private final AuditLog audit;
    private final ProducerTemplate producer;
    private final TransactionTemplate transaction;

    public BusinessLinks(LeadLedger ledger, LeadLinks links, LeadEvaluation evaluation, AuditLog audit, ProducerTemplate producer,
                         PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.links = links;
        this.evaluation = evaluation;
        this.audit = audit;
        this.producer = producer;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Not the same business: the links go; a MERGED lead is routed as usual (its case dispatched after the commit). */
    public void unlink(LeadRecord lead, String reason, AuditLog.Actor actor) {
        requireReason(reason);
        List<LeadLinks.Related> linked = links.related(lead.id());
        if (linked.isEmpty()) {
            throw new Assignments.Refused(409, "notLinked", "lead " + lead.ref() + " is not linked to another report", lead.ref());
        }
        String key = transaction.execute(tx -> {
            links.unlinkAll(lead.id());
            String from = String.join(", ", linked.stream().map(LeadLinks.Related::eventId).toList());
            ledger.appendHistory(lead.id(), actor.name(), "UNLINKED", lead.state(), Detail.of("UNLINKED",
                    "not the same business as " + from + ": " + reason, from, reason));
            String dispatchKey = null;
            String after = lead.state().name();
            if (lead.state() == LeadState.MERGED) {
                LeadEvaluation.Evaluation routed = evaluation.evaluate(lead.id(), payload(lead), lead.receivedAt(), actor.name());
                dispatchKey = routed.dispatchKey();
                after = routed.state().name();
            }
            audit.record(actor, "UNLINK", lead.ref(), reason, lead.state().name() + " linked to " + from, after);
            return dispatchKey;
        });
        if (key != null) {
            producer.sendBody("direct:dispatch-enqueue", key);
        }
    }

    /** The same business as {@code other}: merged into its open case if this lead has no case, else a recorded link. */
    public void link(LeadRecord lead, String otherRef, String reason, AuditLog.Actor actor) {
        requireReason(reason);
        LeadRecord other = ledger.findByRef(otherRef == null ? "" : otherRef.trim())
                .orElseThrow(() -> new Assignments.Refused(404, "noLead", "no lead " + otherRef, otherRef));
        if (other.id() == lead.id() || lead.state() == LeadState.INVALID || other.state() == LeadState.INVALID) {
            throw new Explained.Invalid("other", "other: must be another valid lead");
        }
        if (links.related(lead.id()).stream().anyMatch(r -> r.eventId().equals(other.eventId()))) {
            throw new Assignments.Refused(409, "linked", "lead " + lead.ref() + " is linked to " + other.ref() + " already", lead.ref(), other.ref());
        }
        String why = LeadLinks.BY_HAND + reason;
        String notice = transaction.execute(tx -> {
            String key = null;
            boolean otherOpen = other.caseNo() != null && SameBusiness.OPEN.contains(other.state().name());
            String after;
            if (otherOpen && lead.caseNo() == null && NO_CASE_YET.contains(lead.state())) {
                SameBusiness.Report report = new SameBusiness.Report(other.id(), other.eventId(), other.state().name(), other.caseNo(),
                        other.deptCode());
                key = evaluation.merge(lead.id(), payload(lead), new SameBusiness.Finding(LeadLinks.DUPLICATE, report, report, List.of(), 1.0,
                        why), actor.name()).dispatchKey();
                after = "MERGED into " + other.caseNo();
            } else {
                String relation = other.state() == LeadState.CLOSED ? LeadLinks.REPEAT : LeadLinks.DUPLICATE;
                links.link(lead.id(), other.id(), relation, other.caseNo(), 1.0, why, actor.name());
                ledger.appendHistory(lead.id(), actor.name(), "LINKED", lead.state(), Detail.of(
                        other.caseNo() == null ? "LINKED" : "LINKED_CASE", relation + " of " + other.eventId()
                                + (other.caseNo() == null ? "" : " (case " + other.caseNo() + ")") + ": " + reason,
                        Detail.named("relation", relation), other.eventId(), reason, other.caseNo()));
                after = relation + " of " + other.ref();
            }
            audit.record(actor, "LINK", lead.ref(), reason, lead.state().name(), after);
            return key;
        });
        if (notice != null) {
            // the ADDENDUM to the department that holds the case
            producer.sendBody("direct:dispatch-enqueue", notice);
        }
    }

    private static Lead payload(LeadRecord lead) {
        try {
            return Lead.parse(lead.payload());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("lead " + lead.ref() + " has no readable payload", e);
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new Explained.Invalid("linkReason", "reason: say why, in 1 to 500 characters");
        }
    }
}
