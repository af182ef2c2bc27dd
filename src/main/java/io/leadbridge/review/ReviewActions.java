package io.leadbridge.review;

import io.leadbridge.audit.AuditLog;
import io.leadbridge.dispatch.DispatchKey;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.dispatch.Notices;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.status.StatusOutbox;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a person does to a lead, from the console or the API alike; every action goes in the audit
 * log (who, when, what, why, the state before and after).
 */
@Component
public class ReviewActions {

    /** Reasons a lead may be closed without dispatch. */
    public static final List<String> DISMISS_REASONS = List.of("DUPLICATE", "NOT_A_BUSINESS", "OUT_OF_SCOPE",
            "ALREADY_LICENSED", "CEASED_BEFORE_DISPATCH", "OTHER");
    /** The states in which a department holds the case: it may be urged (督办). */
    public static final Set<LeadState> URGEABLE = Set.of(LeadState.DISPATCHED, LeadState.ACCEPTED, LeadState.IN_PROGRESS);
    /** The states a lead may be closed without dispatch from. */
    public static final Set<LeadState> OPEN_FOR_REVIEW = Set.of(LeadState.DISPUTED, LeadState.DELIVERY_FAILED, LeadState.INVALID,
            LeadState.HELD);

    /** The outcome of a bulk action: how many were done, and the first that failed (the batch stops there). */
    public record BulkResult(int done, String failedRef, String error) implements java.io.Serializable {
    }

    private final Assignments assignments;
    private final LeadLedger ledger;
    private final DispatchOutbox outbox;
    private final StatusOutbox status;
    private final AuditLog audit;
    private final ProducerTemplate producer;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Notices notices;

    public ReviewActions(Assignments assignments, LeadLedger ledger, DispatchOutbox outbox, StatusOutbox status, AuditLog audit,
                         ProducerTemplate producer, JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock,
                         Notices notices) {
        this.notices = notices;
        this.assignments = assignments;
        this.ledger = ledger;
        this.outbox = outbox;
        this.status = status;
        this.audit = audit;
        this.producer = producer;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    public LeadRecord assign(LeadRecord lead, String deptCode, String reason, AuditLog.Actor actor) {
        notClaimedByAnother(lead, actor);
        LeadRecord after = assignments.assign(lead.eventId(), deptCode, reason, actor.channel().toLowerCase() + ":" + actor.name());
        audit.record(actor, "ASSIGN", lead.ref(), reason, describe(lead), describe(after));
        return after;
    }

    /** A DELIVERY_FAILED lead's dispatch is delivered once more. */
    public void retry(LeadRecord lead, String reason, AuditLog.Actor actor) {
        if (lead.state() != LeadState.DELIVERY_FAILED) {
            throw new Assignments.Refused(409, "retryState", "lead " + lead.ref() + " is " + lead.state() + ": only a DELIVERY_FAILED lead is retried",
                    lead.ref(), Explained.state(lead.state()));
        }
        notClaimedByAnother(lead, actor);
        String key = DispatchKey.of(lead.caseNo(), lead.dispatchSeq());
        transaction.executeWithoutResult(tx -> {
            outbox.reopen(key);
            ledger.setStateIf(lead.id(), LeadState.DELIVERY_FAILED, LeadState.ROUTED);
            ledger.appendHistory(lead.id(), actor.name(), "RETRY", LeadState.ROUTED, Detail.of("RETRY",
                    "delivery of " + key + " tried again"
                    + (reason == null || reason.isBlank() ? "" : ": " + reason), key, Detail.part("note", reason)));
            audit.record(actor, "RETRY", lead.ref(), reason, describe(lead), "ROUTED " + lead.deptCode());
        });
        producer.sendBody("direct:dispatch-enqueue", key);
    }

    /**
     * 督办: the department that holds the case is urged, with a note and, if given, a new deadline (the end of that
     * day in the city): an URGE notice on its channel after the commit, the timeline and the audit.
     */
    public void urge(LeadRecord lead, String note, java.time.LocalDate deadline, AuditLog.Actor actor) {
        if (note == null || note.isBlank() || note.length() > 1000) {
            throw new Explained.Invalid("urgeNote", "note: what the department is urged to do, 1 to 1000 characters");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (deadline != null && deadline.isBefore(now.atZoneSameInstant(io.leadbridge.config.ClockConfig.CITY_ZONE).toLocalDate())) {
            throw new Explained.Invalid("deadlinePast", "deadline: " + deadline + " is past; a new deadline is today or later", deadline.toString());
        }
        if (!URGEABLE.contains(lead.state()) || lead.caseNo() == null || lead.deptCode() == null) {
            throw new Assignments.Refused(409, "urgeState", "lead " + lead.ref() + " is " + lead.state()
                    + ": only a case a department holds (dispatched, accepted, in progress) is urged", lead.ref(), Explained.state(lead.state()));
        }
        notClaimedByAnother(lead, actor);
        OffsetDateTime until = deadline == null ? null
                : deadline.atTime(23, 59, 59).atZone(io.leadbridge.config.ClockConfig.CITY_ZONE).toOffsetDateTime();
        String key = transaction.execute(tx -> {
            String notice = notices.urge(lead.id(), lead.caseNo(), lead.dispatchSeq(), lead.deptCode(), actor.name(), note, until);
            String detail = "case " + lead.caseNo() + " urged at " + lead.deptCode() + (deadline == null ? "" : ", new deadline " + deadline)
                    + ": " + note + " (notice " + notice + ")";
            ledger.appendHistory(lead.id(), actor.name(), "URGED", null, deadline == null
                    ? Detail.of("URGED", detail, lead.caseNo(), Detail.dept(lead.deptCode()), note, Detail.notice(notice))
                    : Detail.of("URGED_UNTIL", detail, lead.caseNo(), Detail.dept(lead.deptCode()), note, Detail.notice(notice), deadline));
            ledger.figuresChanged(lead.id()); // urged cases are counted per department
            audit.record(actor, "URGE", lead.ref(), note, describe(lead), "URGED" + (deadline == null ? "" : " until " + deadline));
            return notice;
        });
        producer.sendBody("direct:dispatch-enqueue", key);
    }

    /** Closed without dispatch, with one of {@link #DISMISS_REASONS}. */
    public void dismiss(LeadRecord lead, String reason, String note, AuditLog.Actor actor) {
        if (!DISMISS_REASONS.contains(reason)) {
            throw new Explained.Invalid("dismissReason", "reason: must be one of " + DISMISS_REASONS);
        }
        if (!OPEN_FOR_REVIEW.contains(lead.state())) {
            throw new Assignments.Refused(409, "notForReview", "lead " + lead.ref() + " is " + lead.state() + ": it is not waiting for review",
                    lead.ref(), Explained.state(lead.state()));
        }
        notClaimedByAnother(lead, actor);
        transaction.executeWithoutResult(tx -> {
            ledger.dismiss(lead.id(), reason);
            ledger.appendHistory(lead.id(), actor.name(), "DISMISSED", LeadState.DISMISSED, Detail.of("DISMISSED",
                    reason + (note == null ? "" : ": " + note), Detail.named("dismiss", reason), Detail.part("note", note)));
            if (lead.state() != LeadState.INVALID) {
                status.record(lead.eventId(), lead.version(), "CLOSED", lead.deptCode(), lead.caseNo(), "OTHER",
                        "closed without dispatch: " + reason);
            }
            audit.record(actor, "DISMISS", lead.ref(), reason + (note == null ? "" : ": " + note), describe(lead), "DISMISSED");
        });
    }

    public void note(LeadRecord lead, String text, AuditLog.Actor actor) {
        if (text == null || text.isBlank() || text.length() > 4000) {
            throw new Explained.Invalid("noteText", "text: a note is 1 to 4000 characters");
        }
        transaction.executeWithoutResult(tx -> {
            ledger.addNote(lead.id(), actor.name(), text);
            ledger.appendHistory(lead.id(), actor.name(), "NOTE", null, Detail.text(text));
            audit.record(actor, "NOTE", lead.ref(), text, null, null);
        });
    }

    /**
     * Claims the lead for the actor ("being handled by"), or releases the claim. A claim locks the lead for others:
     * while it is someone else's, claiming it, assigning, retrying, urging or dismissing it is refused (a note is
     * not); the one who holds it releases it or hands it over, and the city office may release or hand over anyone's.
     */
    public void claim(LeadRecord lead, boolean claim, AuditLog.Actor actor) {
        transaction.executeWithoutResult(tx -> {
            String before = lockedClaim(lead);
            if (claim || !cityOffice(actor)) {
                notClaimedBy(before, lead, actor);
            }
            ledger.claim(lead.id(), claim ? actor.name() : null);
            audit.record(actor, claim ? "CLAIM" : "RELEASE", lead.ref(), null, before, claim ? actor.name() : null);
        });
    }

    /**
     * Hands the lead over to {@code to} (a console user the caller has checked may act on it): from the one who holds
     * its claim, or by the city office; the timeline and the audit say from whom to whom.
     */
    public void handOver(LeadRecord lead, String to, AuditLog.Actor actor) {
        if (to == null || to.isBlank()) {
            throw new Explained.Invalid("handOverTo", "to: the user who takes the lead over");
        }
        transaction.executeWithoutResult(tx -> {
            String before = lockedClaim(lead);
            if (!cityOffice(actor)) {
                if (before == null) {
                    throw new Assignments.Refused(409, "notClaimed", "claimed: " + lead.ref() + " is not claimed; claim it before handing it over", lead.ref());
                }
                notClaimedBy(before, lead, actor);
            }
            ledger.claim(lead.id(), to);
            ledger.appendHistory(lead.id(), actor.name(), "HANDED_OVER", null, before == null
                    ? Detail.of("HANDED_OVER_UNCLAIMED", "from nobody to " + to, to)
                    : Detail.of("HANDED_OVER", "from " + before + " to " + to, before, to));
            audit.record(actor, "HAND_OVER", lead.ref(), null, before, to);
        });
    }

    private void notClaimedByAnother(LeadRecord lead, AuditLog.Actor actor) {
        notClaimedBy(ledger.claimedBy(lead.id()).orElse(null), lead, actor);
    }

    private static void notClaimedBy(String holder, LeadRecord lead, AuditLog.Actor actor) {
        if (holder != null && !holder.equals(actor.name())) {
            throw new Assignments.Refused(409, "claimedBy", "claimed: " + lead.ref() + " is being handled by " + holder
                    + ", who releases it or hands it over", lead.ref(), holder);
        }
    }

    /** The lead's claim, its row locked for this transaction (two claims at once: one wins, the other sees it). */
    private String lockedClaim(LeadRecord lead) {
        ledger.lockById(lead.id());
        return ledger.claimedBy(lead.id()).orElse(null);
    }

    private static boolean cityOffice(AuditLog.Actor actor) {
        return io.leadbridge.access.ConsoleUsers.CITY_ADMIN.equals(actor.role());
    }

    /** One action over many leads, in order; stops at the first that fails, told with {@code describe}. */
    public BulkResult bulk(List<LeadRecord> leads, Consumer<LeadRecord> action,
                           java.util.function.Function<RuntimeException, String> describe) {
        int done = 0;
        for (LeadRecord lead : leads) {
            try {
                action.accept(lead);
                done++;
            } catch (RuntimeException e) {
                return new BulkResult(done, lead.ref(), describe.apply(e));
            }
        }
        return new BulkResult(done, null, null);
    }

    static String describe(LeadRecord lead) {
        List<String> parts = new ArrayList<>();
        parts.add(lead.state().name());
        if (lead.reason() != null && lead.state() == LeadState.DISPUTED) {
            parts.add(lead.reason());
        }
        if (lead.deptCode() != null) {
            parts.add(lead.deptCode());
        }
        if (lead.dispatchSeq() != null) {
            parts.add("seq " + lead.dispatchSeq());
        }
        return String.join(" ", parts);
    }
}
