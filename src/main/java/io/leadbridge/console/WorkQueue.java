package io.leadbridge.console;

import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.Page;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leads that need a person, by cause: no match, conflict, no permit rule, objection, bounced,
 * delivery failed, invalid (and a new version after dispatch), filtered and paged, oldest first.
 */
@Repository
public class WorkQueue {

    public static final List<String> CAUSES = List.of("NO_MATCH", "CONFLICT", "NO_PERMIT_RULE", "OBJECTION", "BOUNCED",
            "DELIVERY_FAILED", "INVALID", "NEW_VERSION_AFTER_DISPATCH");
    /** What the lead needs a person for, null when nothing: a column the database keeps (V16), indexed with town and order. */
    static final String CAUSE = "review_cause";
    static final String NEEDS_A_PERSON = io.leadbridge.ledger.LeadFilter.NEEDS_A_PERSON;

    /**
     * What the list is filtered by; null or blank means any. The dates are those the bridge received the leads on, or
     * with {@code byReported} those the inspectors reported them on (lead.reported_at, from the lead's reportedAt).
     */
    public record Filter(String cause, String town, LocalDate from, LocalDate to, String industry, String hazard,
                         String dept, boolean newestFirst, boolean byReported) {

        public Filter(String cause, String town, LocalDate from, LocalDate to, String industry, String hazard,
                      String dept, boolean newestFirst) {
            this(cause, town, from, to, industry, hazard, dept, newestFirst, false);
        }

        /** The date filter's name in a request: {@code reported} or (anything else) {@code received}. */
        public String dates() {
            return byReported ? "reported" : "received";
        }

        /** The start of the first day (in the city), null without one. */
        public java.time.OffsetDateTime fromTime() {
            return from == null ? null : from.atStartOfDay(io.leadbridge.config.ClockConfig.CITY_ZONE).toOffsetDateTime();
        }

        /** The start of the day after the last one (in the city), null without one. */
        public java.time.OffsetDateTime untilTime() {
            return to == null ? null : to.plusDays(1).atStartOfDay(io.leadbridge.config.ClockConfig.CITY_ZONE).toOffsetDateTime();
        }
    }

    private final JdbcClient jdbc;
    private final LeadLedger ledger;
    private final io.leadbridge.routing.CatalogueStore catalogue;

    public WorkQueue(JdbcClient jdbc, LeadLedger ledger, io.leadbridge.routing.CatalogueStore catalogue) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.catalogue = catalogue;
    }

    /**
     * The industry filter as a person types it: a code of the catalogue in use (GEN_SHOES), or part of an industry's
     * name (制鞋, 製鞋 or full-width, folded like routing): the codes it stands for, none when nothing matches.
     */
    List<String> industryCodes(String asked) {
        if (!present(asked)) {
            return null;
        }
        String folded = io.leadbridge.routing.TextNormalizer.normalize(asked.trim());
        java.util.Set<String> codes = new java.util.LinkedHashSet<>();
        for (io.leadbridge.routing.CatalogueEntry entry : catalogue.current().entries()) {
            String code = entry.industryCode();
            String name = entry.industryName() == null ? "" : io.leadbridge.routing.TextNormalizer.normalize(entry.industryName());
            if (code != null && (code.equalsIgnoreCase(asked.trim()) || !folded.isEmpty() && name.contains(folded))) {
                codes.add(code);
            }
        }
        return List.copyOf(codes);
    }

    public Map<String, Long> counts(Filter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(new Filter(null, filter.town(), filter.from(), filter.to(), filter.industry(), filter.hazard(),
                filter.dept(), false, filter.byReported()), params, industryCodes(filter.industry()));
        Map<String, Long> counts = new LinkedHashMap<>();
        CAUSES.forEach(c -> counts.put(c, 0L));
        jdbc.sql("SELECT " + CAUSE + " AS cause, COUNT(*) FROM lead" + where + " GROUP BY " + CAUSE).params(params)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    public Page<LeadRecord> page(Filter filter, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params, industryCodes(filter.industry()));
        long total = jdbc.sql("SELECT COUNT(*) FROM lead" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<Long> ids = jdbc.sql("SELECT id FROM lead" + where + orderBy(filter) + " LIMIT ? OFFSET ?").params(pageParams).query(Long.class).list();
        return new Page<>(ledger.findByIds(ids), page, size, total);
    }

    /** Every lead of the filtered list (for a bulk action on a whole group), oldest first. */
    public List<LeadRecord> all(Filter filter, int max) {
        return page(filter, 0, max).items();
    }

    /** Oldest (or newest) first; a town's queue led by the review index's columns, so that H2 reads a page in its order. */
    static String orderBy(Filter filter) {
        String direction = filter.newestFirst() ? " DESC" : "";
        String lead = present(filter.town()) ? "needs_person" + direction + ", town_code" + direction + ", " : "";
        return " ORDER BY " + lead + "received_at" + direction + ", id" + direction;
    }

    /** The WHERE clause of the filtered queue, its values added to {@code params}. */
    public static String where(Filter f, List<Object> params) {
        return where(f, params, present(f.industry()) ? List.of(f.industry()) : null);
    }

    /** The same, the industry filter given as the codes it stands for (none: nothing matches). */
    static String where(Filter f, List<Object> params, List<String> industries) {
        return where(NEEDS_A_PERSON, f, params, industries);
    }

    /**
     * The newest leads in any state (or the one given) with the queue's filters, up to {@code max}, and how many match in
     * all: what the map shows (its filter has no cause). Read through the town's (or the state's) received-time index.
     */
    public Page<LeadRecord> newest(Filter filter, String state, int max) {
        List<Object> params = new ArrayList<>();
        String base = "1 = 1";
        if (present(state)) {
            base = "state = ?";
            params.add(state);
        }
        String where = where(base, filter, params, industryCodes(filter.industry()));
        long total = jdbc.sql("SELECT COUNT(*) FROM lead" + where).params(params).query(Long.class).single();
        String order = (present(state) ? "state DESC, " : "") + (present(filter.town()) ? "town_code DESC, " : "");
        List<Object> limited = new ArrayList<>(params);
        limited.add(max);
        List<Long> ids = jdbc.sql("SELECT id FROM lead" + where + " ORDER BY " + order + "received_at DESC, id DESC LIMIT ?")
                .params(limited).query(Long.class).list();
        return new Page<>(ledger.findByIds(ids), 0, max, total);
    }

    private static String where(String base, Filter f, List<Object> params, List<String> industries) {
        StringBuilder sql = new StringBuilder(" WHERE " + base);
        if (present(f.cause())) {
            sql.append(" AND ").append(CAUSE).append(" = ?");
            params.add(f.cause());
        }
        if (present(f.town())) {
            sql.append(" AND town_code = ?");
            params.add(f.town());
        }
        // by when the inspector reported: a range within the town's (or the queue's) index range, not an index of its own
        String dated = f.byReported() ? "reported_at" : "received_at";
        if (f.from() != null) {
            sql.append(" AND ").append(dated).append(" >= ?");
            params.add(f.fromTime());
        }
        if (f.to() != null) {
            sql.append(" AND ").append(dated).append(" < ?");
            params.add(f.untilTime());
        }
        if (industries != null) {
            sql.append(industries.isEmpty() ? " AND 1 = 0" : " AND (" + String.join(" OR ", java.util.Collections.nCopies(industries.size(),
                    "routing LIKE ?")) + ")");
            industries.forEach(code -> params.add("%\"industryCode\":\"" + code.replace("%", "").replace("_", "\\_") + "\"%"));
        }
        if (present(f.hazard())) {
            sql.append(" AND hazard = ?");
            params.add(f.hazard());
        }
        if (present(f.dept())) {
            sql.append(" AND (dept_code = ? OR suggested_dept = ? OR candidates LIKE ?)");
            params.add(f.dept());
            params.add(f.dept());
            params.add("%" + f.dept() + "%");
        }
        return sql.toString();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
