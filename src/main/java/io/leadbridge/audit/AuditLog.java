package io.leadbridge.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.OffsetDateTime;
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

    public AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(Actor actor, String action, String leadRef, String reason, String before, String after) {
        jdbc.sql("INSERT INTO audit_log (at, actor, role, channel, action, lead_ref, reason, before_state, after_state)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(OffsetDateTime.now(clock), actor.name(), actor.role(), actor.channel(), action, leadRef,
                        truncate(reason, 2000), truncate(before, 200), truncate(after, 200))
                .update();
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
