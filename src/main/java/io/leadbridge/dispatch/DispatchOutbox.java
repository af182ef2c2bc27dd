package io.leadbridge.dispatch;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The dispatch table: written in the same transaction as the lead's state, so a case that was
 * routed is never without its dispatch; the JMS message that triggers delivery only names it.
 */
@Repository
public class DispatchOutbox {

    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    private final JdbcClient jdbc;
    private final Clock clock;

    public DispatchOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A new dispatch, noted as queued already: whoever issues it puts its key on the queue right after the
     * commit. If that send fails, {@link #notQueued} clears the note and the sweep sends it within seconds;
     * if the bridge dies first, the sweep sends it after the restart (DispatchSweep). Noting it here
     * saves an update and, for a push, a commit of its own per case.
     */
    public void insert(String caseNo, int dispatchSeq, long leadId, String deptCode, String mode, String caseJson) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("INSERT INTO dispatch (case_no, dispatch_seq, lead_id, dept_code, mode, status, case_json, created_at, queued_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(caseNo, dispatchSeq, leadId, deptCode, mode, PENDING, caseJson, now, now).update();
    }

    public Optional<DispatchRow> find(String key) {
        return jdbc.sql("SELECT case_no, dispatch_seq, lead_id, dept_code, status, attempts, case_json FROM dispatch"
                        + " WHERE case_no = ? AND dispatch_seq = ?")
                .params(DispatchKey.caseNo(key), DispatchKey.dispatchSeq(key))
                .query((rs, n) -> new DispatchRow(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7)))
                .optional();
    }

    /**
     * Notes a dispatch as queued now, unless it was in the last minute: a new one was noted at insert and
     * changes nothing; one held back for its department, reopened, or sent again by the sweep gets a fresh note.
     */
    public void markQueued(String key) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("UPDATE dispatch SET queued_at = ? WHERE case_no = ? AND dispatch_seq = ? AND (queued_at IS NULL OR queued_at < ?)")
                .params(now, DispatchKey.caseNo(key), DispatchKey.dispatchSeq(key), now.minusMinutes(1)).update();
    }

    /** Ends a pending dispatch; false when it was no longer pending (another delivery got there first). */
    public boolean finish(String key, String status, String error) {
        return jdbc.sql("UPDATE dispatch SET status = ?, last_error = ?, finished_at = ? WHERE case_no = ? AND dispatch_seq = ?"
                        + " AND status = ?")
                .params(status, truncate(error), OffsetDateTime.now(clock), DispatchKey.caseNo(key), DispatchKey.dispatchSeq(key), PENDING)
                .update() == 1;
    }

    /** A pending dispatch taken off its way: it waits for its department's circuit; the sweep sends it again. */
    public void unqueue(String key) {
        jdbc.sql("UPDATE dispatch SET queued_at = NULL WHERE case_no = ? AND dispatch_seq = ? AND status = ?")
                .params(DispatchKey.caseNo(key), DispatchKey.dispatchSeq(key), PENDING).update();
    }

    /** The key could not be put on the queue: the sweep sends it (and if the database is out of reach, it still will). */
    public void notQueued(String key) {
        try {
            unqueue(key);
        } catch (org.springframework.dao.DataAccessException e) {
            // queued_at stays set: the sweep sends it again after resend-after
        }
    }

    /** Pending dispatches to a department that are not on the queue: held back while its circuit is open. */
    public long countWaiting(String deptCode) {
        return jdbc.sql("SELECT COUNT(*) FROM dispatch WHERE status = ? AND queued_at IS NULL AND dept_code = ?")
                .params(PENDING, deptCode).query(Long.class).single();
    }

    /** The dispatches held back for a department, oldest first. */
    public List<String> waiting(String deptCode) {
        return jdbc.sql("SELECT case_no, dispatch_seq FROM dispatch WHERE status = ? AND queued_at IS NULL AND dept_code = ?"
                        + " ORDER BY created_at, case_no")
                .params(PENDING, deptCode)
                .query((rs, n) -> DispatchKey.of(rs.getString(1), rs.getInt(2)))
                .list();
    }

    /** A failed dispatch made pending again, to be delivered once more (a person's retry). */
    public boolean reopen(String key) {
        return jdbc.sql("UPDATE dispatch SET status = ?, queued_at = NULL, finished_at = NULL WHERE case_no = ? AND dispatch_seq = ?"
                        + " AND status = ?")
                .params(PENDING, DispatchKey.caseNo(key), DispatchKey.dispatchSeq(key), FAILED).update() == 1;
    }

    /** The case JSON of a lead's current dispatch, as sent. */
    public Optional<String> caseJson(String caseNo, int dispatchSeq) {
        return jdbc.sql("SELECT case_json FROM dispatch WHERE case_no = ? AND dispatch_seq = ?")
                .params(caseNo, dispatchSeq).query(String.class).optional();
    }

    /** One transaction, so two deliveries of the same case at once (a resend) number their attempts apart. */
    @org.springframework.transaction.annotation.Transactional
    public int recordAttempt(String key, String outcome, String error) {
        String caseNo = DispatchKey.caseNo(key);
        int seq = DispatchKey.dispatchSeq(key);
        jdbc.sql("UPDATE dispatch SET attempts = attempts + 1, last_error = ? WHERE case_no = ? AND dispatch_seq = ?")
                .params(truncate(error), caseNo, seq).update();
        return attemptOnRecord(caseNo, seq, OffsetDateTime.now(clock), outcome, error);
    }

    /**
     * A delivery that took: the attempt counted and the dispatch ended in one update, the attempt on record;
     * -1 (nothing changed) when the dispatch was no longer pending (a resend of a case delivered already).
     */
    public int recordDelivered(String key) {
        String caseNo = DispatchKey.caseNo(key);
        int seq = DispatchKey.dispatchSeq(key);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("UPDATE dispatch SET attempts = attempts + 1, status = ?, last_error = NULL, finished_at = ?"
                        + " WHERE case_no = ? AND dispatch_seq = ? AND status = ?")
                .params(DELIVERED, now, caseNo, seq, PENDING).update();
        return updated == 0 ? -1 : attemptOnRecord(caseNo, seq, now, DELIVERED, null);
    }

    /** The attempt just counted on the dispatch, as a row of delivery_attempt; answers its number. */
    private int attemptOnRecord(String caseNo, int seq, OffsetDateTime at, String outcome, String error) {
        int attempt = jdbc.sql("SELECT attempts FROM dispatch WHERE case_no = ? AND dispatch_seq = ?")
                .params(caseNo, seq).query(Integer.class).single();
        jdbc.sql("INSERT INTO delivery_attempt (case_no, dispatch_seq, attempt, at, outcome, error) VALUES (?, ?, ?, ?, ?, ?)")
                .params(caseNo, seq, attempt, at, outcome, truncate(error)).update();
        return attempt;
    }

    public List<DeliveryAttempt> attempts(String caseNo) {
        return jdbc.sql("SELECT dispatch_seq, attempt, at, outcome, error FROM delivery_attempt WHERE case_no = ? ORDER BY id")
                .param(caseNo)
                .query((rs, n) -> new DeliveryAttempt(rs.getInt(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    public static final String RESEND = "SELECT case_no, dispatch_seq FROM dispatch WHERE status = ? AND queued_at IS NULL"
            + " AND created_at < ? ORDER BY created_at, case_no LIMIT ?";
    public static final String RESEND_OR_STALE = "SELECT case_no, dispatch_seq FROM dispatch WHERE status = ?"
            + " AND (queued_at IS NULL AND created_at < ? OR queued_at < ?) ORDER BY created_at, case_no LIMIT ?";

    /**
     * Pending dispatches never queued (a send that failed, a case held back for its department's
     * circuit), and, when {@code alsoQueuedBefore} is given, those queued before it and still pending
     * (a crash between noting and sending); oldest first, at most {@code limit}.
     */
    public List<String> toResend(OffsetDateTime alsoQueuedBefore, int limit) {
        OffsetDateTime settled = OffsetDateTime.now(clock).minusSeconds(5);
        String sql = alsoQueuedBefore == null ? RESEND : RESEND_OR_STALE;
        var statement = jdbc.sql(sql).param(PENDING).param(settled);
        if (alsoQueuedBefore != null) {
            statement = statement.param(alsoQueuedBefore);
        }
        return statement.param(limit).query((rs, n) -> DispatchKey.of(rs.getString(1), rs.getInt(2))).list();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
    }

    /** One try to deliver a case. */
    public record DeliveryAttempt(int dispatchSeq, int attempt, OffsetDateTime at, String outcome, String error) {
    }
}
