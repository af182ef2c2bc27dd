package io.leadbridge.ledger;

import java.util.List;

/**
 * Filters of the lead list and the review list. {@code states} and {@code reasons} are any-of;
 * a null or empty value means any.
 */
public record LeadFilter(List<LeadState> states, String townCode, String deptCode, List<String> reasons,
                         boolean orFlagged, boolean overdue) {

    static final String OVERDUE = " WHERE ((overdue_accept_at IS NOT NULL AND state IN ('ROUTED', 'DISPATCHED'))"
            + " OR (overdue_close_at IS NOT NULL AND state IN ('ROUTED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS')))";

    public LeadFilter(List<LeadState> states, String townCode, String deptCode, List<String> reasons, boolean orFlagged) {
        this(states, townCode, deptCode, reasons, orFlagged, false);
    }

    String where(List<Object> params) {
        StringBuilder sql = new StringBuilder(overdue ? OVERDUE : " WHERE 1 = 1");
        if (states != null && !states.isEmpty()) {
            sql.append(" AND (state IN (").append(placeholders(states.size())).append(")");
            states.forEach(s -> params.add(s.name()));
            sql.append(orFlagged ? " OR review_flag IS NOT NULL)" : ")");
        }
        if (townCode != null && !townCode.isBlank()) {
            sql.append(" AND town_code = ?");
            params.add(townCode);
        }
        if (deptCode != null && !deptCode.isBlank()) {
            sql.append(" AND dept_code = ?");
            params.add(deptCode);
        }
        if (reasons != null && !reasons.isEmpty()) {
            sql.append(" AND (reason IN (").append(placeholders(reasons.size())).append(")")
                    .append(" OR state IN (").append(placeholders(reasons.size())).append(")")
                    .append(" OR review_flag IN (").append(placeholders(reasons.size())).append("))");
            params.addAll(reasons);
            params.addAll(reasons);
            params.addAll(reasons);
        }
        return sql.toString();
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
