package io.leadbridge.audit;

import io.leadbridge.config.Hashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Table audit_log: every action on a lead or the catalogue, by a person in the console or a client of the API. */
@Repository
public class AuditLog {

    /** Who acts: a console user (with role) or an API client. */
    public record Actor(String name, String role, String channel) {
        public static Actor api(String client) {
            return new Actor(client, "API", "API");
        }
    }

    /** One row of the audit log. */
    public record Entry(long id, OffsetDateTime at, String actor, String role, String channel, String action,
                        String leadRef, String reason, String before, String after) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public AuditLog(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The outcome of checking the chain: how many rows were checked, and the first broken one (null when none). */
    public record Verification(long checked, Long firstBrokenId, String problem) {
        public boolean intact() {
            return firstBrokenId == null;
        }
    }

    /** Adds a row, chained to the one before it. Runs in the caller's transaction when there is one. */
    public void record(Actor actor, String action, String leadRef, String reason, String before, String after) {
        transaction.executeWithoutResult(tx -> {
            String prev = jdbc.sql("SELECT last_hash FROM audit_head WHERE id = 1 FOR UPDATE").query(String.class).single();
            OffsetDateTime at = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
            String[] values = {actor.name(), actor.role(), actor.channel(), action, leadRef, truncate(reason, 2000),
                    truncate(before, 200), truncate(after, 200)};
            String hash = hash(prev, at, values);
            jdbc.sql("INSERT INTO audit_log (at, actor, role, channel, action, lead_ref, reason, before_state, after_state,"
                            + " prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(at, values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], prev, hash)
                    .update();
            jdbc.sql("UPDATE audit_head SET last_hash = ? WHERE id = 1").param(hash).update();
        });
    }

    /** Walks the chain from the first row: each row's hash must match its content and the row before it. */
    public Verification verify() {
        String[] expectedPrev = {"GENESIS"};
        long[] checked = {0};
        Verification[] broken = {null};
        jdbc.sql("SELECT id, at, actor, role, channel, action, lead_ref, reason, before_state, after_state, prev_hash, row_hash"
                        + " FROM audit_log ORDER BY id")
                .query(rs -> {
                    if (broken[0] != null) {
                        return;
                    }
                    long id = rs.getLong("id");
                    OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
                    String[] values = {rs.getString("actor"), rs.getString("role"), rs.getString("channel"), rs.getString("action"),
                            rs.getString("lead_ref"), rs.getString("reason"), rs.getString("before_state"), rs.getString("after_state")};
                    String prev = rs.getString("prev_hash");
                    checked[0]++;
                    if (!expectedPrev[0].equals(prev)) {
                        broken[0] = new Verification(checked[0], id, "prev_hash does not match the row before it (a row removed or inserted)");
                    } else if (!hash(prev, at, values).equals(rs.getString("row_hash"))) {
                        broken[0] = new Verification(checked[0], id, "row_hash does not match the row's content (the row was changed)");
                    }
                    expectedPrev[0] = rs.getString("row_hash");
                });
        if (broken[0] != null) {
            return broken[0];
        }
        String head = jdbc.sql("SELECT last_hash FROM audit_head WHERE id = 1").query(String.class).single();
        if (!head.equals(expectedPrev[0])) {
            return new Verification(checked[0], -1L, "the latest rows were removed: the head names " + head);
        }
        return new Verification(checked[0], null, null);
    }

    private static String hash(String prev, OffsetDateTime at, String[] values) {
        StringBuilder text = new StringBuilder(prev).append('|').append(at.toInstant().toEpochMilli());
        for (String v : values) {
            text.append('|').append(v == null ? "\\0" : v.replace("|", "\\|"));
        }
        return Hashes.sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Newest first; null filters mean any. */
    public List<Entry> find(String actor, String action, String leadRef, OffsetDateTime from, OffsetDateTime to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor, role, channel, action, lead_ref, reason, before_state,"
                + " after_state FROM audit_log WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (actor != null && !actor.isBlank()) {
            sql.append(" AND actor = ?");
            params.add(actor);
        }
        if (action != null && !action.isBlank()) {
            sql.append(" AND action = ?");
            params.add(action);
        }
        if (leadRef != null && !leadRef.isBlank()) {
            sql.append(" AND lead_ref = ?");
            params.add(leadRef);
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            params.add(from);
        }
        if (to != null) {
            sql.append(" AND at < ?");
            params.add(to);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10)))
                .list();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
