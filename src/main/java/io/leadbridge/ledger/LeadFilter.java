package io.leadbridge.ledger;

import java.util.List;

/**
 * Filters of the lead list and the review list. {@code states} and {@code causes} are any-of; a
 * null or empty value means any. {@code review}: only the leads that need a person, by their
 * review cause (lead.review_cause, which the database keeps from the state and flags: NO_MATCH,
 * CONFLICT, NO_PERMIT_RULE, OBJECTION, BOUNCED, DELIVERY_FAILED, INVALID, NEW_VERSION_AFTER_DISPATCH).
 * Each filter has an index that also gives the list's order (V17).
 */
public record LeadFilter(List<LeadState> states, String townCode, String deptCode, List<String> causes,
                         boolean review, boolean overdue, boolean related) {

    /**
     * The leads that need a person: lead.needs_person (1 when review_cause is set), the first column of the
     * review index (needs_person, town_code, received_at), so that a town's list is one range in order.
     */
    public static final String NEEDS_A_PERSON = "needs_person = 1";

    /** Open cases past a deadline now (lead.overdue_now, kept by the database from the flags and the state). */
    static final String OVERDUE = " WHERE overdue_now = 1";

    public LeadFilter(List<LeadState> states, String townCode, String deptCode, List<String> causes, boolean review) {
        this(states, townCode, deptCode, causes, review, false, false);
    }

    public LeadFilter(List<LeadState> states, String townCode, String deptCode, List<String> causes, boolean review,
                      boolean overdue) {
        this(states, townCode, deptCode, causes, review, overdue, false);
    }

    /** The WHERE clause, its values added to {@code params}. */
    public String where(List<Object> params) {
        StringBuilder sql = new StringBuilder(overdue ? OVERDUE : " WHERE 1 = 1");
        if (review) {
            sql.append(" AND ").append(NEEDS_A_PERSON);
        }
        if (states != null && !states.isEmpty()) {
            sql.append(" AND state IN (").append(placeholders(states.size())).append(")");
            states.forEach(s -> params.add(s.name()));
        }
        if (townCode != null && !townCode.isBlank()) {
            sql.append(" AND town_code = ?");
            params.add(townCode);
        }
        if (deptCode != null && !deptCode.isBlank()) {
            sql.append(" AND dept_code = ?");
            params.add(deptCode);
        }
        if (related) {
            // linked to an earlier report of the same business (lead_link's primary key starts with lead_id)
            sql.append(" AND EXISTS (SELECT 1 FROM lead_link k WHERE k.lead_id = lead.id)");
        }
        if (causes != null && !causes.isEmpty()) {
            sql.append(" AND review_cause IN (").append(placeholders(causes.size())).append(")");
            params.addAll(causes);
        }
        return sql.toString();
    }

    /**
     * The list's order (oldest first), led by the columns the filter fixes, so that H2 reads a page in the
     * order of the filter's index and stops after it (H2 sees an index's order only when ORDER BY names
     * its leading columns, constants here; PostgreSQL needs no help).
     */
    public String orderBy() {
        boolean town = townCode != null && !townCode.isBlank();
        boolean oneState = states != null && states.size() == 1;
        if (overdue && !review && states == null && !town) {
            return " ORDER BY overdue_now, received_at, id";
        }
        if (review && !overdue && states == null && town) {
            return " ORDER BY needs_person, town_code, received_at, id";
        }
        if (!review && !overdue && oneState) {
            return town ? " ORDER BY state, town_code, received_at, id" : " ORDER BY state, received_at, id";
        }
        if (!review && !overdue && states == null && town) {
            return " ORDER BY town_code, received_at, id";
        }
        return " ORDER BY received_at, id";
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
