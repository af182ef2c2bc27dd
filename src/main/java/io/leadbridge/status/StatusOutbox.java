package io.leadbridge.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Status updates for Smart-Grid (contracts README: ESCALATED, HELD, DISPUTED, DISPATCHED,
 * ACCEPTED, CLOSED, REJECTED), written in the same transaction as the state change they report,
 * and sent in order per lead: a lead's next update waits until the one before it was taken.
 * Only a lead's oldest unsent update carries a time it is due at; the ones behind it wait with
 * {@link #WAITING} and are made due when it is taken, so that finding what is due reads what is due,
 * not the backlog of a Smart-Grid outage (an index on sent_at, next_attempt_at).
 */
@Repository
public class StatusOutbox {

    /** One update to send. */
    public record Pending(long id, String eventId, String status, String body, int attempts) {
    }

    /** next_attempt_at of an update waiting behind an older one of its lead. */
    static final OffsetDateTime WAITING = OffsetDateTime.parse("9999-12-31T00:00:00Z");

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    public StatusOutbox(JdbcClient jdbc, ObjectMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void record(String eventId, Long version, String status, String deptCode, String caseNo, String outcome,
                       String note) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("version", version);
        body.put("status", status);
        body.put("deptCode", deptCode);
        body.put("caseNo", caseNo);
        body.put("outcome", outcome);
        body.put("at", now.toString());
        body.put("note", note);
        try {
            boolean behind = jdbc.sql(BEHIND).param(eventId).query(Long.class).single() > 0;
            jdbc.sql("INSERT INTO status_outbox (event_id, status, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)")
                    .params(eventId, status, json.writeValueAsString(body), now, behind ? WAITING : now).update();
            if (behind) {
                nextOnceCommitted(List.of(eventId));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An update recorded behind an unsent one waits for {@link #sent} to make it due. When the one before it is taken
     * while this transaction is still open, that {@code sent} cannot see this update yet and makes nothing due: so once
     * this transaction has committed, the lead's oldest unsent update is made due here too (a no-op when {@code sent}
     * did it, or when the one before is still unsent). {@code sent} also looks only once its marks are committed, so
     * whichever of the two commits last sees both. The status-release timer stays as the net for a process killed in
     * between.
     * <p>
     * A transaction that records for many leads (a lot of feedback) makes them due in one commit after it, not in one
     * commit per lead: the leads gather in one synchronization per transaction.
     */
    private void nextOnceCommitted(Collection<String> eventIds) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            nextTogether(eventIds);
            return;
        }
        DueAfterCommit due = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(s -> s instanceof DueAfterCommit d && d.outbox() == this)
                .map(DueAfterCommit.class::cast)
                .findFirst()
                .orElseGet(() -> {
                    DueAfterCommit fresh = new DueAfterCommit();
                    TransactionSynchronizationManager.registerSynchronization(fresh);
                    return fresh;
                });
        due.leads.addAll(eventIds);
    }

    /** The leads a transaction recorded behind an unsent update, made due together once it committed. */
    private final class DueAfterCommit implements TransactionSynchronization {
        private final Set<String> leads = new LinkedHashSet<>();

        StatusOutbox outbox() {
            return StatusOutbox.this;
        }

        @Override
        public void afterCommit() {
            // the committed transaction's connection is still bound here: a transaction of its own
            nextTogether(leads);
        }
    }

    /** One transaction for all the leads, taken in event-id order (two of them lock rows in the same order). */
    private void nextTogether(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        ownTransaction.executeWithoutResult(tx -> eventIds.stream().sorted().distinct()
                .forEach(eventId -> jdbc.sql(NEXT).params(now, eventId, WAITING).update()));
    }

    /** Whether a lead has an update not yet taken (the new one then waits behind it). */
    public static final String BEHIND = "SELECT COUNT(*) FROM status_outbox WHERE event_id = ? AND sent_at IS NULL";
    /** Waiting updates with nothing unsent before them (a race left them waiting). */
    public static final String RELEASE = "UPDATE status_outbox SET next_attempt_at = ? WHERE next_attempt_at = ? AND sent_at IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM status_outbox e WHERE e.event_id = status_outbox.event_id AND e.sent_at IS NULL"
            + " AND e.id < status_outbox.id)";

    /** Makes a lead's oldest unsent update due, when it waits. */
    public static final String NEXT = "UPDATE status_outbox SET next_attempt_at = ? WHERE id = (SELECT MIN(n.id) FROM status_outbox n"
            + " WHERE n.event_id = ? AND n.sent_at IS NULL) AND next_attempt_at = ?";

    public static final String DUE = "SELECT id, event_id, status, body, attempts FROM status_outbox"
            + " WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?";

    /** For each lead, its oldest unsent update, when that one is due; at most {@code limit}, oldest first. */
    public List<Pending> due(int limit) {
        return jdbc.sql(DUE)
                .params(OffsetDateTime.now(clock), limit)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                .list();
    }

    /** Smart-Grid took these updates: each is marked sent and its lead's next update, if any, is due now. */
    public void sent(Collection<Long> ids) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("UPDATE status_outbox SET sent_at = :at, attempts = attempts + 1, last_error = NULL WHERE id IN (:ids)")
                .param("at", now).param("ids", ids).update();
        List<String> events = jdbc.sql("SELECT DISTINCT event_id FROM status_outbox WHERE id IN (:ids)").param("ids", ids)
                .query(String.class).list();
        nextOnceCommitted(events);
    }

    /**
     * Makes due the waiting updates with nothing unsent before them: an update recorded while the one
     * before it was being marked sent (two transactions that did not see each other) waits for this.
     * Reads the waiting updates, so it runs rarely (route status-release); answers how many.
     */
    public int release() {
        return jdbc.sql(RELEASE).params(OffsetDateTime.now(clock), WAITING).update();
    }

    /** A failed send: tried again after a back-off that doubles from 1 s to at most {@code maxDelay}. */
    public void failed(long id, int attempts, String error, Duration maxDelay) {
        long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(20, attempts));
        jdbc.sql("UPDATE status_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?")
                .params(error == null || error.length() <= 2000 ? error : error.substring(0, 2000),
                        OffsetDateTime.now(clock).plusSeconds(seconds), id).update();
    }

    public long unsent() {
        return jdbc.sql("SELECT COUNT(*) FROM status_outbox WHERE sent_at IS NULL").query(Long.class).single();
    }

    /** What was reported for a lead, in order: status and whether it was sent. */
    public List<Map<String, Object>> forLead(String eventId) {
        return jdbc.sql("SELECT status, created_at, sent_at, attempts, last_error FROM status_outbox WHERE event_id = ? ORDER BY id")
                .param(eventId)
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("status", rs.getString(1));
                    row.put("createdAt", rs.getObject(2, OffsetDateTime.class));
                    row.put("sentAt", rs.getObject(3, OffsetDateTime.class));
                    row.put("attempts", rs.getInt(4));
                    row.put("lastError", rs.getString(5));
                    return row;
                })
                .list();
    }
}
