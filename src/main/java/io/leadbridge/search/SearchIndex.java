package io.leadbridge.search;

import io.leadbridge.lead.Lead;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.ledger.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search by business name, address, operator and inspector (folded, see {@link SearchText}), and by eventId or case
 * number whole (issue 18 point 2). The text index is table {@code search_key}: a row per two-character gram of a
 * lead's fields, keyed by the gram and the lead in one BIGINT ({@link SearchKey}), written in lots after the lead's
 * commit from the notes in {@code search_pending} (timer route {@code search-index}), so the intake does not wait for it.
 *
 * <p>A search reads the postings of its rarest gram in lead order (each gram's postings counted up to
 * {@link #PROBE} to find it) and checks its other grams by primary key, a page at a time; a page's leads are then
 * checked to hold the whole query in one field (grams that all occur need not be next to each other), so a page
 * may show fewer than it asked for. The total counts candidates, up to {@link #COUNT_LIMIT}.
 */
@Component("searchIndex")
public class SearchIndex {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    /** Notes taken by one pass of the timer at most (in lots of bridge.search.index-lot); the next pass goes on. */
    static final int PASS = 5_000;
    /** Postings counted per gram to choose the rarest. */
    static final int PROBE = 2000;
    /** Candidates counted for a search's total; more shows as "more than". */
    public static final int COUNT_LIMIT = 1000;
    /** Grams of a query looked up (the rarest); the check of each page's leads covers the rest. */
    static final int MAX_GRAMS = 8;

    /** The candidates' lead ids (a key's lead id, the same SQL on H2 and PostgreSQL), to select FROM {@link #candidates}. */
    public static final String CANDIDATE = "MOD(d.k, " + SearchKey.LEADS + ")";
    /** The candidates' order (the first gram's postings, in lead order) and page. */
    public static final String ORDER = " ORDER BY d.k OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    /** A gram's postings (its first and last key), counted up to PROBE. */
    public static final String POSTINGS = "SELECT COUNT(*) FROM (SELECT k FROM search_key WHERE k BETWEEN ? AND ? FETCH FIRST "
            + PROBE + " ROWS ONLY) t";

    /**
     * Where to look: a town, and a period of the days the bridge received the leads on or, with {@code reported},
     * of those the inspectors reported them on (from inclusive, to exclusive); null means any.
     */
    public record Within(String town, OffsetDateTime from, OffsetDateTime to, boolean reported) {

        public static Within town(String town) {
            return new Within(town, null, null, false);
        }

        boolean onLead() {
            return town != null || from != null || to != null;
        }

        /** The conditions on the lead (alias {@code l}, or none when {@code alias} is empty), their values added. */
        String on(String alias, List<Object> params) {
            StringBuilder sql = new StringBuilder();
            String column = alias + (reported ? "reported_at" : "received_at");
            if (town != null) {
                sql.append(" AND ").append(alias).append("town_code = ?");
                params.add(town);
            }
            if (from != null) {
                sql.append(" AND ").append(column).append(" >= ?");
                params.add(from);
            }
            if (to != null) {
                sql.append(" AND ").append(column).append(" < ?");
                params.add(to);
            }
            return sql.toString();
        }
    }

    /** A page of leads found, the candidates counted (at most COUNT_LIMIT, {@code more} when there were more). */
    public record Found(Page<LeadRecord> page, boolean more) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transaction;
    private final LeadLedger ledger;
    /** Notes indexed per transaction: a commit holds H2's store while it writes, and pushes wait for it. */
    private final int lot;

    public SearchIndex(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions, LeadLedger ledger,
                       @org.springframework.beans.factory.annotation.Value("${bridge.search.index-lot:500}") int lot) {
        this.lot = lot;
        this.jdbc = jdbc;
        this.template = template;
        this.transaction = new TransactionTemplate(transactions);
        this.ledger = ledger;
    }

    /** The timer's pass: lots until nothing is pending (at most {@link #PASS} notes, the next pass goes on); answers how many. */
    public int pass() {
        int indexed = 0;
        long start = System.nanoTime();
        try {
            while (indexed < PASS) {
                int n = index();
                if (n == 0) {
                    break;
                }
                indexed += n;
            }
        } catch (QueryTimeoutException | PessimisticLockingFailureException elsewhere) {
            LOG.debug("the search index is being written elsewhere: {}", elsewhere.getMessage());
        }
        if (indexed > 0) {
            LOG.debug("search index: {} notes indexed in {} ms", indexed, (System.nanoTime() - start) / 1_000_000);
        }
        return indexed;
    }

    /** One lot of noted leads indexed in one transaction; answers how many notes it took. */
    int index() {
        // looked at without the lock first: SELECT FOR UPDATE is a write on H2, and an idle bridge would commit every pass
        if (!jdbc.sql("SELECT EXISTS (SELECT 1 FROM search_pending)").query(Boolean.class).single()) {
            return 0;
        }
        Integer taken = transaction.execute(tx -> {
            jdbc.sql("SELECT id FROM search_state WHERE id = 1 FOR UPDATE").query(Integer.class).single();
            List<long[]> notes = jdbc.sql("SELECT id, lead_id, fresh FROM search_pending ORDER BY id FETCH FIRST " + lot + " ROWS ONLY")
                    .query((rs, i) -> new long[]{rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0}).list();
            if (notes.isEmpty()) {
                return 0;
            }
            // a lead is indexed once per lot, from its text now; one noted only as new has no grams yet to look for
            Map<Long, Boolean> fresh = new HashMap<>();
            notes.forEach(note -> fresh.merge(note[1], note[2] == 1, Boolean::logicalAnd));
            List<Object[]> rows = new ArrayList<>();
            jdbc.sql("SELECT id, payload FROM lead WHERE event_key IS NOT NULL AND id IN (:ids)").param("ids", fresh.keySet())
                    .query((rs, i) -> {
                        long id = rs.getLong(1);
                        Set<Long> keys = keys(rs.getString(2), id);
                        rows.addAll((fresh.get(id) ? keys : missing(keys)).stream().map(k -> new Object[]{k}).toList());
                        return null;
                    }).list();
            // in the index's order: a commit stores every page changed since the last one, the pushes' commits too, so
            // a page is written once when its rows come together, again at every commit while they are spread over the lot
            rows.sort(Comparator.comparing((Object[] row) -> (Long) row[0]));
            template.batchUpdate("INSERT INTO search_key (k) VALUES (?)", rows);
            template.batchUpdate("DELETE FROM search_pending WHERE id = ?", notes.stream().map(note -> new Object[]{note[0]}).toList());
            return notes.size();
        });
        return taken == null ? 0 : taken;
    }

    /** The lead's keys in the index, one per gram of its text (none for text that cannot be read, or an id beyond the index). */
    private static Set<Long> keys(String payload, long leadId) {
        Set<String> grams;
        try {
            grams = SearchText.grams(SearchText.fields(Lead.parse(payload)));
        } catch (IllegalArgumentException unreadable) {
            return Set.of();
        }
        if (leadId >= SearchKey.LEADS) {
            LOG.warn("lead {} is beyond the search index's {} leads: not indexed", leadId, SearchKey.LEADS);
            return Set.of();
        }
        Set<Long> keys = new HashSet<>();
        grams.forEach(gram -> keys.add(SearchKey.of(gram, leadId)));
        return keys;
    }

    /** The keys not yet in the index (a new version's grams are added; those of the text it replaced stay). */
    private Set<Long> missing(Set<Long> keys) {
        if (keys.isEmpty()) {
            return keys;
        }
        Set<Long> missing = new HashSet<>(keys);
        missing.removeAll(jdbc.sql("SELECT k FROM search_key WHERE k IN (:keys)").param("keys", keys).query(Long.class).list());
        return missing;
    }

    /**
     * Leads found by {@code query} (within {@code town} when given), oldest first: the lead whose eventId or case
     * number it is, else those whose folded fields hold it. A folded query shorter than {@link SearchText#MIN_LENGTH}
     * that is no eventId or case number is an IllegalArgumentException naming {@code q}.
     */
    public Found find(String query, Within within, int page, int size) {
        String asked = query == null ? "" : query.strip();
        List<Long> exact = exact(asked, within);
        if (!exact.isEmpty()) {
            return new Found(new Page<>(ledger.findByIds(exact), 0, size, exact.size()), false);
        }
        String folded = SearchText.fold(asked);
        if (folded.codePointCount(0, folded.length()) < SearchText.MIN_LENGTH) {
            throw new IllegalArgumentException("q: at least " + SearchText.MIN_LENGTH
                    + " letters or digits, or a whole eventId or case number (got '" + asked + "')");
        }
        List<String> grams = rarestFirst(SearchText.grams(List.of(folded)));
        if (grams.isEmpty()) {
            return new Found(new Page<>(List.of(), page, size, 0), false);
        }
        List<Object> params = new ArrayList<>();
        String from = candidates(grams, within, params);
        List<Object> countParams = new ArrayList<>(params);
        countParams.add(COUNT_LIMIT + 1);
        long total = jdbc.sql("SELECT COUNT(*) FROM (SELECT " + CANDIDATE + from + " FETCH FIRST ? ROWS ONLY) t")
                .params(countParams).query(Long.class).single();
        params.add((long) page * size);
        params.add(size);
        List<Long> ids = jdbc.sql("SELECT " + CANDIDATE + from + ORDER)
                .params(params).query(Long.class).list();
        List<LeadRecord> leads = ledger.findByIds(ids).stream().filter(lead -> holds(lead, folded)).toList();
        return new Found(new Page<>(leads, page, size, Math.min(total, COUNT_LIMIT)), total > COUNT_LIMIT);
    }

    /** The lead (within the town and period, when given) whose eventId or case number is the query. */
    private List<Long> exact(String asked, Within within) {
        if (asked.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(asked));
        String on = within.on("", params);
        Set<Long> ids = new java.util.TreeSet<>(jdbc.sql("SELECT id FROM lead WHERE event_key = ?" + on).params(params)
                .query(Long.class).list());
        ids.addAll(jdbc.sql("SELECT id FROM lead WHERE case_no = ?" + on).params(params).query(Long.class).list());
        return List.copyOf(ids);
    }

    /** The grams, rarest first (postings counted up to PROBE each); none when one of them has no posting. */
    private List<String> rarestFirst(Set<String> grams) {
        Map<String, Long> postings = new HashMap<>();
        for (String gram : grams) {
            long n = jdbc.sql(POSTINGS).param(SearchKey.first(gram)).param(SearchKey.last(gram)).query(Long.class).single();
            if (n == 0) {
                return List.of();
            }
            postings.put(gram, n);
        }
        List<String> ordered = new ArrayList<>(grams);
        ordered.sort(Comparator.comparing(postings::get));
        return ordered.subList(0, Math.min(MAX_GRAMS, ordered.size()));
    }

    /**
     * FROM and WHERE of the candidates ({@link #CANDIDATE}): the first gram's postings (a range of keys), the others
     * checked by primary key (the other gram's first key plus the candidate's lead id).
     */
    public static String candidates(List<String> grams, Within within, List<Object> params) {
        StringBuilder sql = new StringBuilder(" FROM search_key d");
        if (within.onLead()) {
            sql.append(" JOIN lead l ON l.id = ").append(CANDIDATE).append(within.on("l.", params));
        }
        sql.append(" WHERE d.k BETWEEN ? AND ?");
        params.add(SearchKey.first(grams.get(0)));
        params.add(SearchKey.last(grams.get(0)));
        for (String other : grams.subList(1, grams.size())) {
            sql.append(" AND EXISTS (SELECT 1 FROM search_key g WHERE g.k = ? + ").append(CANDIDATE).append(")");
            params.add(SearchKey.first(other));
        }
        return sql.toString();
    }

    private static boolean holds(LeadRecord lead, String folded) {
        if (lead.state() == LeadState.INVALID || lead.payload() == null) {
            return false;
        }
        try {
            return SearchText.matches(SearchText.fields(Lead.parse(lead.payload())), folded);
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    /** Notes waiting to be indexed (for the tests and the load harness). */
    public long pending() {
        return jdbc.sql("SELECT COUNT(*) FROM search_pending").query(Long.class).single();
    }
}
