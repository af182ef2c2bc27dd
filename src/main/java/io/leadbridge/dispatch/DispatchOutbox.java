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

    /**
     * The two tables of the outbox, with the same delivery columns, so that one route, one circuit per department and
     * one sweep deliver both: cases in {@code dispatch}, notices in {@code notice}, each with its key's columns.
     */
    private enum Table {
        DISPATCH("dispatch", "case_json", "case_no, dispatch_seq", (rs, n) -> DispatchKey.of(rs.getString(1), rs.getInt(2))),
        NOTICE("notice", "body", "case_no, dispatch_seq, kind, notice_no",
                (rs, n) -> DispatchKey.notice(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getInt(4)));

        final String table;
        final String body;
        final String keyColumns;
        final org.springframework.jdbc.core.RowMapper<String> key;

        Table(String table, String body, String keyColumns, org.springframework.jdbc.core.RowMapper<String> key) {
            this.table = table;
            this.body = body;
            this.keyColumns = keyColumns;
            this.key = key;
        }

        /** Pending ones not on the queue, and (stale) those queued before a time, oldest first: the sweep's query. */
        String resend(boolean stale) {
            return "SELECT " + keyColumns + " FROM " + table + " WHERE status = ?"
                    + (stale ? " AND (queued_at IS NULL AND created_at < ? OR queued_at < ?)" : " AND queued_at IS NULL AND created_at < ?")
                    + " ORDER BY created_at, case_no LIMIT ?";
        }
    }

    /** A key's row: its table, and the WHERE clause and values that find it. */
    private record Row(DispatchKey key, Table in) {

        static Row of(String key) {
            DispatchKey k = DispatchKey.parse(key);
            return new Row(k, k.isNotice() ? Table.NOTICE : Table.DISPATCH);
        }

        String table() {
            return in.table;
        }

        String where() {
            return key.isNotice() ? " WHERE case_no = ? AND dispatch_seq = ? AND kind = ? AND notice_no = ?"
                    : " WHERE case_no = ? AND dispatch_seq = ?";
        }

        Object[] params() {
            return key.isNotice() ? new Object[]{key.caseNo(), key.dispatchSeq(), key.kind(), key.noticeNo()}
                    : new Object[]{key.caseNo(), key.dispatchSeq()};
        }

        /** {@code values}, then the key's. */
        Object[] with(Object... values) {
            Object[] params = params();
            Object[] all = java.util.Arrays.copyOf(values, values.length + params.length);
            System.arraycopy(params, 0, all, values.length, params.length);
            return all;
        }
    }

    public Optional<DispatchRow> find(String key) {
        Row row = Row.of(key);
        return jdbc.sql("SELECT lead_id, dept_code, status, attempts, " + row.in().body + " FROM " + row.table() + row.where())
                .params(row.params())
                .query((rs, n) -> new DispatchRow(row.key(), rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5)))
                .optional();
    }

    /**
     * Notes a dispatch as queued now, unless it was in the last minute: a new one was noted at insert and
     * changes nothing; one held back for its department, reopened, or sent again by the sweep gets a fresh note.
     */
    public void markQueued(String key) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Row row = Row.of(key);
        jdbc.sql("UPDATE " + row.table() + " SET queued_at = ?" + row.where() + " AND (queued_at IS NULL OR queued_at < ?)")
                .params(row.with(now)).param(now.minusMinutes(1)).update();
    }

    /** Ends a pending dispatch; false when it was no longer pending (another delivery got there first). */
    public boolean finish(String key, String status, String error) {
        Row row = Row.of(key);
        return jdbc.sql("UPDATE " + row.table() + " SET status = ?, last_error = ?, finished_at = ?" + row.where() + " AND status = ?")
                .params(row.with(status, truncate(error), OffsetDateTime.now(clock))).param(PENDING).update() == 1;
    }

    /** A pending dispatch taken off its way: it waits for its department's circuit; the sweep sends it again. */
    public void unqueue(String key) {
        Row row = Row.of(key);
        jdbc.sql("UPDATE " + row.table() + " SET queued_at = NULL" + row.where() + " AND status = ?")
                .params(row.with()).param(PENDING).update();
    }

    /** The key could not be put on the queue: the sweep sends it (and if the database is out of reach, it still will). */
    public void notQueued(String key) {
        try {
            unqueue(key);
        } catch (org.springframework.dao.DataAccessException e) {
            // queued_at stays set: the sweep sends it again after resend-after
        }
    }

    /** Pending dispatches and notices to a department that are not on the queue: held back while its circuit is open. */
    public long countWaiting(String deptCode) {
        long waiting = 0;
        for (Table table : Table.values()) {
            waiting += jdbc.sql("SELECT COUNT(*) FROM " + table.table + " WHERE status = ? AND queued_at IS NULL AND dept_code = ?")
                    .params(PENDING, deptCode).query(Long.class).single();
        }
        return waiting;
    }

    /** The dispatches held back for a department, oldest first, then its notices. */
    public List<String> waiting(String deptCode) {
        List<String> keys = new java.util.ArrayList<>();
        for (Table table : Table.values()) {
            keys.addAll(jdbc.sql("SELECT " + table.keyColumns + " FROM " + table.table + " WHERE status = ? AND queued_at IS NULL"
                            + " AND dept_code = ? ORDER BY created_at, case_no")
                    .params(PENDING, deptCode).query(table.key).list());
        }
        return keys;
    }

    /** A failed dispatch made pending again, to be delivered once more (a person's retry). */
    public boolean reopen(String key) {
        Row row = Row.of(key);
        return jdbc.sql("UPDATE " + row.table() + " SET status = ?, queued_at = NULL, finished_at = NULL" + row.where() + " AND status = ?")
                .params(row.with(PENDING)).param(FAILED).update() == 1;
    }

    /** The case JSON of a lead's current dispatch, as sent. */
    public Optional<String> caseJson(String caseNo, int dispatchSeq) {
        return jdbc.sql("SELECT case_json FROM dispatch WHERE case_no = ? AND dispatch_seq = ?")
                .params(caseNo, dispatchSeq).query(String.class).optional();
    }

    /** One transaction, so two deliveries of the same case at once (a resend) number their attempts apart. */
    @org.springframework.transaction.annotation.Transactional
    public int recordAttempt(String key, String outcome, String error) {
        Row row = Row.of(key);
        jdbc.sql("UPDATE " + row.table() + " SET attempts = attempts + 1, last_error = ?" + row.where())
                .params(row.with(truncate(error))).update();
        return attemptOnRecord(row, OffsetDateTime.now(clock), outcome, error);
    }

    /**
     * A delivery that took: the attempt counted and the dispatch ended in one update, the attempt on record;
     * -1 (nothing changed) when the dispatch was no longer pending (a resend of a case delivered already).
     */
    public int recordDelivered(String key) {
        Row row = Row.of(key);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("UPDATE " + row.table() + " SET attempts = attempts + 1, status = ?, last_error = NULL, finished_at = ?"
                        + row.where() + " AND status = ?")
                .params(row.with(DELIVERED, now)).param(PENDING).update();
        return updated == 0 ? -1 : attemptOnRecord(row, now, DELIVERED, null);
    }

    /** The attempt just counted on the dispatch or notice, as a row of delivery_attempt; answers its number. */
    private int attemptOnRecord(Row row, OffsetDateTime at, String outcome, String error) {
        int attempt = jdbc.sql("SELECT attempts FROM " + row.table() + row.where()).params(row.params()).query(Integer.class).single();
        jdbc.sql("INSERT INTO delivery_attempt (case_no, dispatch_seq, notice, attempt, at, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(row.key().caseNo(), row.key().dispatchSeq(), row.key().isNotice() ? row.key().kind() + "-" + row.key().noticeNo() : null,
                        attempt, at, outcome, truncate(error)).update();
        return attempt;
    }

    public List<DeliveryAttempt> attempts(String caseNo) {
        return jdbc.sql("SELECT dispatch_seq, attempt, at, outcome, error, notice FROM delivery_attempt WHERE case_no = ? ORDER BY id")
                .param(caseNo)
                .query((rs, n) -> new DeliveryAttempt(rs.getInt(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** The sweep's query of the dispatch table (ListPlansTest pins its plan). */
    public static final String RESEND = Table.DISPATCH.resend(false);

    /**
     * Pending dispatches never queued (a send that failed, a case held back for its department's
     * circuit), and, when {@code alsoQueuedBefore} is given, those queued before it and still pending
     * (a crash between noting and sending); oldest first, at most {@code limit}.
     */
    public List<String> toResend(OffsetDateTime alsoQueuedBefore, int limit) {
        OffsetDateTime settled = OffsetDateTime.now(clock).minusSeconds(5);
        List<String> keys = new java.util.ArrayList<>();
        for (Table table : Table.values()) {
            var statement = jdbc.sql(table.resend(alsoQueuedBefore != null)).param(PENDING).param(settled);
            if (alsoQueuedBefore != null) {
                statement = statement.param(alsoQueuedBefore);
            }
            keys.addAll(statement.param(limit).query(table.key).list());
        }
        return keys;
    }

    /**
     * A notice about a case's dispatch (URGE, ADDENDUM), numbered after the others of its kind, noted as queued
     * like a new dispatch (whoever makes it puts its key on the dispatch queue after the commit): its key.
     */
    public String insertNotice(String caseNo, int dispatchSeq, String kind, long leadId, String deptCode, OffsetDateTime deadline,
                               java.util.function.IntFunction<String> body) {
        int n = jdbc.sql("SELECT COALESCE(MAX(notice_no), 0) + 1 FROM notice WHERE case_no = ? AND dispatch_seq = ? AND kind = ?")
                .params(caseNo, dispatchSeq, kind).query(Integer.class).single();
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("INSERT INTO notice (case_no, dispatch_seq, kind, notice_no, lead_id, dept_code, status, body, deadline, created_at,"
                        + " queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(caseNo, dispatchSeq, kind, n, leadId, deptCode, PENDING, body.apply(n), deadline, now, now).update();
        return DispatchKey.notice(caseNo, dispatchSeq, kind, n);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
    }

    /** One try to deliver a case, or a notice about it ({@code notice}: kind-n, null for the case itself). */
    public record DeliveryAttempt(int dispatchSeq, int attempt, OffsetDateTime at, String outcome, String error, String notice) {
    }
}
