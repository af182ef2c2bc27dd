package io.leadbridge.reporting;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the ledger for a period: the leads received in it, their dispatches, disputes and objections. */
@Repository
public class LedgerReader {

    private static final Pattern INDUSTRY = Pattern.compile("\"industryCode\":\"([^\"]+)\"");
    private static final Pattern REASON = Pattern.compile("\"reason\":\"([A-Z_]+)\"");

    /** Everything the figures of one period need. */
    public record Period(List<LedgerRow> leads, Map<Long, Set<String>> routerDisputes, Map<Long, Set<String>> objectedBy,
                         Map<Long, Set<String>> dispatchedTo) {
    }

    private final JdbcClient jdbc;

    public LedgerReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Period read(OffsetDateTime from, OffsetDateTime to) {
        return read("l.received_at >= ? AND l.received_at < ?", List.of(from, to));
    }

    /** The leads with these ids (as the tally folds them), with their dispatches, disputes and objections. */
    public Period read(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return new Period(List.of(), Map.of(), Map.of(), Map.of());
        }
        return read("l.id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", new ArrayList<Object>(ids));
    }

    private Period read(String where, List<?> params) {
        List<LedgerRow> leads = jdbc.sql("SELECT l.id, l.event_id, l.state, l.town_code, l.dept_code, l.hazard, l.decision, l.reason,"
                        + " l.review_flag, l.case_no, l.routing, l.inspector_id, l.received_at, l.dispatched_at, l.deadline_accept,"
                        + " l.deadline_finish, l.accepted_at, l.closed_at, l.outcome,"
                        + " (SELECT d.mode FROM dispatch d WHERE d.lead_id = l.id AND d.dispatch_seq = 1 FETCH FIRST ROW ONLY) AS first_mode,"
                        + " EXISTS (SELECT 1 FROM lead_link k WHERE k.lead_id = l.id AND k.relation = 'REPEAT') AS repeat_of,"
                        // urges of the case's current dispatch (its department's), the last one's deadline
                        + " EXISTS (SELECT 1 FROM notice n WHERE n.lead_id = l.id AND n.dispatch_seq = l.dispatch_seq"
                        + " AND n.kind = 'URGE') AS urged,"
                        + " (SELECT COALESCE(n.deadline, l.deadline_finish) FROM notice n WHERE n.lead_id = l.id"
                        + " AND n.dispatch_seq = l.dispatch_seq AND n.kind = 'URGE'"
                        + " ORDER BY n.created_at DESC, n.notice_no DESC FETCH FIRST ROW ONLY) AS urged_until"
                        + " FROM lead l WHERE " + where + " ORDER BY l.id")
                .params(params)
                .query((rs, n) -> new LedgerRow(rs.getLong("id"),
                        "INVALID".equals(rs.getString("state")) ? "invalid-" + rs.getLong("id") : rs.getString("event_id"),
                        rs.getString("state"), rs.getString("town_code"), rs.getString("dept_code"), rs.getString("hazard"),
                        rs.getString("decision"), rs.getString("reason"), rs.getString("review_flag"), rs.getString("case_no"),
                        industry(rs.getString("routing")), rs.getString("inspector_id"),
                        rs.getObject("received_at", OffsetDateTime.class), rs.getObject("dispatched_at", OffsetDateTime.class),
                        rs.getObject("deadline_accept", OffsetDateTime.class), rs.getObject("deadline_finish", OffsetDateTime.class),
                        rs.getObject("accepted_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                        rs.getString("outcome"), rs.getString("first_mode"), rs.getBoolean("repeat_of"), rs.getBoolean("urged"),
                        rs.getObject("urged_until", OffsetDateTime.class)))
                .list();
        Map<Long, Set<String>> disputes = new HashMap<>();
        Map<Long, Set<String>> objections = new HashMap<>();
        jdbc.sql("SELECT h.lead_id, h.event, h.actor, h.detail FROM lead_history h JOIN lead l ON l.id = h.lead_id"
                        + " WHERE " + where + " AND h.event IN ('DISPUTED', 'OBJECTION')")
                .params(params)
                .query((rs, n) -> {
                    long id = rs.getLong(1);
                    if ("OBJECTION".equals(rs.getString(2))) {
                        String actor = rs.getString(3);
                        objections.computeIfAbsent(id, k -> new HashSet<>()).add(actor.startsWith("dept:") ? actor.substring(5) : actor);
                    } else {
                        Matcher reason = REASON.matcher(String.valueOf(rs.getString(4)));
                        if (reason.find()) {
                            disputes.computeIfAbsent(id, k -> new HashSet<>()).add(reason.group(1));
                        }
                    }
                    return id;
                }).list();
        Map<Long, Set<String>> dispatched = new HashMap<>();
        jdbc.sql("SELECT d.lead_id, d.dept_code FROM dispatch d JOIN lead l ON l.id = d.lead_id WHERE " + where)
                .params(params)
                .query((rs, n) -> dispatched.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2))).list();
        return new Period(leads, disputes, objections, dispatched);
    }

    static String industry(String routing) {
        if (routing == null) {
            return null;
        }
        Matcher m = INDUSTRY.matcher(routing);
        return m.find() ? m.group(1) : null;
    }
}
