package io.leadbridge.reporting;

import io.leadbridge.config.ClockConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The counters behind the figures (figure_count), kept up to date as leads move. A write to a lead
 * notes its id in tally_change (LeadLedger); {@link #fold} takes the noted leads in lots, counts what
 * each adds now and moves the counters by the difference from what it added before. Leads whose
 * figures change with the clock alone (a deadline passing) are folded again when it passes
 * (lead_tally.flip_at). Reads call {@link #catchUp} first, so that they see every committed write.
 * One folder at a time, across instances too: each lot holds the row lock of tally_state.
 */
@Repository
public class TallyStore {

    private static final Logger LOG = LoggerFactory.getLogger(TallyStore.class);

    /** Leads whose deadline passed, taken in one lot at most (besides the lot's notes). */
    static final int LOT = 2_000;
    /** Leads folded by one pass of the timer at most. */
    static final int PASS = 4_000;
    /**
     * The leads whose figures a passing deadline changes, oldest first: (beginning, now]. Read from the index on
     * flip_at from the beginning, not from its start: most leads never flip (null), and H2 would read them all.
     */
    public static final String DUE = "SELECT lead_id FROM lead_tally WHERE flip_at > ? AND flip_at <= ? ORDER BY flip_at"
            + " FETCH FIRST " + LOT + " ROWS ONLY";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final LedgerReader reader;
    private final Tally tally;
    private final Clock clock;
    private final TransactionTemplate transaction;
    /** One fold at a time in this process: the timer skips while a read folds, a read waits for the timer. */
    private final ReentrantLock folding = new ReentrantLock();
    /** Leads folded by this process so far (for the timer's log line); changed under {@link #folding}. */
    private long foldedLeads;
    /**
     * Noted leads folded in one transaction: their counters are shared, so the more, the fewer rows written a lead; but a
     * commit holds H2's store while it writes, and pushes wait for it.
     */
    private final int foldLot;

    public TallyStore(JdbcClient jdbc, JdbcTemplate template, LedgerReader reader, Tally tally, Clock clock,
                      PlatformTransactionManager transactions,
                      @org.springframework.beans.factory.annotation.Value("${bridge.reporting.fold-lot:2000}") int foldLot) {
        this.foldLot = foldLot;
        this.jdbc = jdbc;
        this.template = template;
        this.reader = reader;
        this.tally = tally;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * For a read: folds until nothing is noted or due, at most {@code maxLeads} leads, after any fold
     * under way in this process; true when the counters are then up to date (the read may use them), false
     * when more is waiting (a backlog after the first start on an old ledger, or new definitions) or another
     * instance holds the fold: the read counts from the ledger meanwhile.
     */
    public boolean catchUp(int maxLeads) {
        folding.lock();
        try {
            return foldUpTo(maxLeads);
        } finally {
            folding.unlock();
        }
    }

    /**
     * The timer's pass (route tally-fold): folds up to {@link #PASS} leads of what is waiting, in lots, unless a fold is under way
     * here already. Bounded, so that under a burst of intake the fold takes a share of the machine, not all of
     * it; what is left waits for the next pass, and a read folds it first (or counts from the ledger past
     * {@code Reports.CATCH_UP}).
     */
    public void pass() {
        if (folding.tryLock()) {
            try {
                long start = System.nanoTime();
                long before = foldedLeads;
                foldUpTo(PASS);
                if (foldedLeads > before) {
                    LOG.debug("tally: {} leads folded in {} ms", foldedLeads - before, (System.nanoTime() - start) / 1_000_000);
                }
            } finally {
                folding.unlock();
            }
        }
    }

    private boolean foldUpTo(int maxLeads) {
        int folded = 0;
        try {
            while (folded < maxLeads) {
                int n = fold();
                if (n == 0) {
                    return true;
                }
                folded += n;
                foldedLeads += n;
            }
        } catch (QueryTimeoutException | PessimisticLockingFailureException elsewhere) {
            // another instance is folding (it holds tally_state): what is noted waits for it or for the next pass
            LOG.debug("the tally is being folded elsewhere: {}", elsewhere.getMessage());
        }
        return false;
    }

    /** One lot: the leads noted or due, folded in one transaction; answers how many. */
    int fold() {
        if (nothingWaiting()) {
            return 0;
        }
        Integer n = transaction.execute(status -> {
            int definitions = jdbc.sql("SELECT definitions FROM tally_state WHERE id = 1 FOR UPDATE").query(Integer.class).single();
            if (definitions != Tally.DEFINITIONS) {
                restart(definitions);
                return 1;
            }
            List<long[]> notes = jdbc.sql("SELECT id, lead_id FROM tally_change ORDER BY id FETCH FIRST " + foldLot + " ROWS ONLY")
                    .query((rs, i) -> new long[]{rs.getLong(1), rs.getLong(2)}).list();
            OffsetDateTime now = OffsetDateTime.now(clock);
            Set<Long> ids = new LinkedHashSet<>();
            notes.forEach(note -> ids.add(note[1]));
            ids.addAll(jdbc.sql(DUE).params(ClockConfig.BEGINNING, now).query(Long.class).list());
            if (ids.isEmpty()) {
                return 0;
            }
            fold(ids, now);
            template.batchUpdate("DELETE FROM tally_change WHERE id = ?", notes.stream().map(note -> new Object[]{note[0]}).toList());
            return ids.size();
        });
        return n == null ? 0 : n;
    }

    /**
     * Nothing noted, nothing due and the counters of these definitions: looked at without taking the fold's lock,
     * whose SELECT FOR UPDATE is a write on H2 (an idle bridge would commit every pass, and each commit wakes the
     * H2 file's housekeeping). What is noted just after this look waits for the next pass.
     */
    private boolean nothingWaiting() {
        return jdbc.sql("SELECT definitions FROM tally_state WHERE id = 1").query(Integer.class).single() == Tally.DEFINITIONS
                && !jdbc.sql("SELECT EXISTS (SELECT 1 FROM tally_change)").query(Boolean.class).single()
                && !jdbc.sql("SELECT EXISTS (" + DUE + ")").params(ClockConfig.BEGINNING, OffsetDateTime.now(clock))
                .query(Boolean.class).single();
    }

    private void fold(Collection<Long> ids, OffsetDateTime now) {
        Map<Long, Tally.Input> before = new HashMap<>();
        jdbc.sql("SELECT lead_id, input FROM lead_tally WHERE lead_id IN (:ids)").param("ids", ids)
                .query((rs, i) -> before.put(rs.getLong(1), tally.read(rs.getString(2)))).list();
        LedgerReader.Period period = reader.read(ids);
        // the counters moved in their key's order (as the lead rows, in the leads' order): a commit stores every page
        // changed since the last one, the pushes' commits too, so changes that come together write a page once
        Map<String, Long> delta = new TreeMap<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (LedgerRow row : period.leads()) {
            Tally.Input input = Tally.Input.of(row, period, now);
            Tally.Input old = before.get(row.id());
            if (old != null) {
                String month = old.month();
                tally.contributions(old).forEach((k, v) -> delta.merge(month + Tally.SEP + k, (long) -v, Long::sum));
            }
            String month = input.month();
            tally.contributions(input).forEach((k, v) -> delta.merge(month + Tally.SEP + k, (long) v, Long::sum));
            Object[] values = {month, tally.write(input), tally.nextChange(input), row.id()};
            (old != null ? updates : inserts).add(values);
        }
        template.batchUpdate("UPDATE lead_tally SET period_month = ?, input = ?, flip_at = ? WHERE lead_id = ?", updates);
        template.batchUpdate("INSERT INTO lead_tally (period_month, input, flip_at, lead_id) VALUES (?, ?, ?, ?)", inserts);
        List<Object[]> moves = new ArrayList<>();
        delta.forEach((k, d) -> {
            if (d != 0) {
                String[] parts = k.split(String.valueOf(Tally.SEP), 4);
                moves.add(new Object[]{d, parts[0], parts[1], parts[2], parts[3]});
            }
        });
        int[] moved = template.batchUpdate("UPDATE figure_count SET n = n + ? WHERE period_month = ? AND scope = ? AND scope_key = ?"
                + " AND figure = ?", moves);
        List<Object[]> fresh = new ArrayList<>();
        for (int i = 0; i < moved.length; i++) {
            if (moved[i] == 0) {
                Object[] m = moves.get(i);
                fresh.add(new Object[]{m[1], m[2], m[3], m[4], m[0]});
            }
        }
        template.batchUpdate("INSERT INTO figure_count (period_month, scope, scope_key, figure, n) VALUES (?, ?, ?, ?, ?)", fresh);
    }

    /** Counts every lead anew: the definitions changed (or the counters are new on an old ledger). */
    private void restart(int was) {
        LOG.info("The figures' counters are made anew (definitions {} -> {}): every lead is counted again, reports read the"
                + " ledger until that is done", was, Tally.DEFINITIONS);
        jdbc.sql("DELETE FROM figure_count").update();
        jdbc.sql("DELETE FROM lead_tally").update();
        jdbc.sql("DELETE FROM tally_change").update();
        jdbc.sql("INSERT INTO tally_change (lead_id) SELECT id FROM lead").update();
        jdbc.sql("UPDATE tally_state SET definitions = ? WHERE id = 1").param(Tally.DEFINITIONS).update();
    }

    /** The first of a run of months (a period is whole months, one after another). */
    private static String first(List<YearMonth> months) {
        return months.get(0).toString();
    }

    private static String last(List<YearMonth> months) {
        return months.get(months.size() - 1).toString();
    }

    /** The counters of the scope {@code scope} for these months, summed: key -> figure -> count. */
    public Map<String, Map<String, Long>> counts(String scope, List<YearMonth> months) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        jdbc.sql("SELECT scope_key, figure, SUM(n) FROM figure_count WHERE scope = :scope AND period_month BETWEEN :first AND :last"
                        + " GROUP BY scope_key, figure")
                .param("scope", scope).param("first", first(months)).param("last", last(months))
                .query((rs, i) -> out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3)))
                .list();
        return out;
    }

    /**
     * The counters of one key of the scope (a town) for these months, summed; every key's when {@code key} is
     * null. One key is read month by month, each month one range of the primary key (scope, period_month,
     * scope_key), not every key's counters filtered afterwards (a town's dashboard read all 35 towns').
     */
    public Map<String, Map<String, Long>> counts(String scope, List<YearMonth> months, String key) {
        if (key == null) {
            return counts(scope, months);
        }
        Map<String, Long> figures = new HashMap<>();
        countsByMonth(scope, months, key).values().forEach(byKey -> byKey.values().forEach(
                month -> month.forEach((figure, n) -> figures.merge(figure, n, Long::sum))));
        Map<String, Map<String, Long>> out = new TreeMap<>();
        out.put(key, figures);
        return out;
    }

    /** {@link #countsByMonth(String, List)} of one key, or of every key when {@code key} is null. */
    public Map<String, Map<String, Map<String, Long>>> countsByMonth(String scope, List<YearMonth> months, String key) {
        if (key == null) {
            return countsByMonth(scope, months);
        }
        Map<String, Map<String, Map<String, Long>>> out = new TreeMap<>();
        for (YearMonth month : months) {
            jdbc.sql("SELECT figure, n FROM figure_count WHERE scope = :scope AND period_month = :month AND scope_key = :key")
                    .param("scope", scope).param("month", month.toString()).param("key", key)
                    .query((rs, i) -> out.computeIfAbsent(month.toString(), k -> new TreeMap<>())
                            .computeIfAbsent(key, k -> new HashMap<>()).put(rs.getString(1), rs.getLong(2)))
                    .list();
        }
        return out;
    }

    /** A counter by month: month -> key -> figure -> count, for the dashboard's trend. */
    public Map<String, Map<String, Map<String, Long>>> countsByMonth(String scope, List<YearMonth> months) {
        Map<String, Map<String, Map<String, Long>>> out = new TreeMap<>();
        jdbc.sql("SELECT period_month, scope_key, figure, n FROM figure_count WHERE scope = :scope"
                        + " AND period_month BETWEEN :first AND :last")
                .param("scope", scope).param("first", first(months)).param("last", last(months))
                .query((rs, i) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new HashMap<>()).put(rs.getString(3), rs.getLong(4)))
                .list();
        return out;
    }
}
