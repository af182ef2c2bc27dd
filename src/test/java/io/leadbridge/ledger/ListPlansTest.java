package io.leadbridge.ledger;

import io.leadbridge.config.ClockConfig;
import io.leadbridge.console.WorkQueue;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.load.ReadsLedger;
import io.leadbridge.reporting.TallyStore;
import io.leadbridge.search.SearchIndex;
import io.leadbridge.search.SearchKey;
import io.leadbridge.status.StatusOutbox;
import io.leadbridge.support.BridgeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The small version of the reads benchmark (issue 19): on a generated ledger of some thousands of
 * leads, every list's query and the outboxes' due queries read through an index, never the whole
 * table (H2's plan names the index and the condition it reads by; a full scan shows as tableScan, an
 * index read whole for its order alone as the index's name with no condition). The benchmark's large ledgers
 * and PostgreSQL's plans are in docs/performance.md, "Reads".
 */
@BridgeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListPlansTest {

    @Autowired
    JdbcTemplate template;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    TallyStore tally;

    @BeforeAll
    void generate() {
        assumeTrue(Boolean.TRUE.equals(template.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()
                .startsWith("H2"))), "plans are checked on H2 (PostgreSQL's in the reads benchmark)");
        ReadsLedger.write(template, new TransactionTemplate(transactions), List.of("441900121", "441900122", "441900003"), 3_000,
                OffsetDateTime.parse("2015-06-30T12:00:00+08:00"), 19);
        jdbc.sql("ANALYZE").update();
    }

    @Test
    void everyListReadsThroughAnIndex() {
        Map<String, String> plans = new LinkedHashMap<>();
        for (LeadFilter filter : List.of(
                new LeadFilter(List.of(LeadState.DISPUTED), null, null, null, false),
                new LeadFilter(List.of(LeadState.DISPUTED), "441900121", null, null, false),
                new LeadFilter(List.of(LeadState.CLOSED), "441900121", null, null, false),
                new LeadFilter(null, "441900121", null, null, false),
                new LeadFilter(null, null, null, List.of("NO_MATCH"), true),
                new LeadFilter(null, "441900121", null, null, true),
                new LeadFilter(null, null, null, null, true),
                new LeadFilter(null, null, null, null, false, true))) {
            List<Object> params = new ArrayList<>();
            String where = filter.where(params);
            plans.put("lead list " + filter, explain("SELECT id FROM lead" + where + filter.orderBy() + " LIMIT 50", params));
            if (filter.causes() == null && !(filter.review() && filter.townCode() == null)) {
                // a page is read in the index's order: H2 reads it and stops, it does not sort every match
                String analyzed = analyze("SELECT id FROM lead" + where + filter.orderBy() + " LIMIT 5", params);
                assertThat(scanCount(analyzed)).as("rows read for a page of 5: " + filter + " " + analyzed).isLessThanOrEqualTo(50);
            }
            plans.put("lead count " + filter, explain("SELECT COUNT(*) FROM lead" + where, params));
        }
        for (WorkQueue.Filter filter : List.of(
                new WorkQueue.Filter(null, null, null, null, null, null, null, false),
                new WorkQueue.Filter("NO_MATCH", "441900121", null, null, null, null, null, false),
                new WorkQueue.Filter("OBJECTION", null, LocalDate.of(2015, 1, 1), null, null, "MAJOR", null, true))) {
            List<Object> params = new ArrayList<>();
            String where = WorkQueue.where(filter, params);
            plans.put("work queue " + filter, explain("SELECT id FROM lead" + where + " ORDER BY received_at, id LIMIT 50", params));
        }
        // search: the rarest gram's postings in lead order, the others by primary key; within a town or a period each lead by its id
        java.time.OffsetDateTime since = java.time.OffsetDateTime.parse("2015-01-01T00:00:00+08:00");
        for (SearchIndex.Within town : List.of(SearchIndex.Within.town(null), SearchIndex.Within.town("441900121"),
                new SearchIndex.Within("441900121", since, since.plusYears(20), true))) {
            List<Object> params = new ArrayList<>();
            String from = SearchIndex.candidates(List.of("鞋店", "老王", "王鞋"), town, params);
            params.add(0L);
            params.add(50);
            String plan = explain("SELECT " + SearchIndex.CANDIDATE + from + SearchIndex.ORDER, params);
            plans.put("search " + town, plan);
            // the first gram's postings a range of the primary key, in its order (no sort of the candidates); the others by it
            assertThat(plan).as("search " + town).containsPattern("/\\* PUBLIC\\.PRIMARY_KEY_\\w+: K >= \\?\\d\\s+AND K <= \\?\\d\\s+\\*/")
                    .containsPattern("/\\* PUBLIC\\.PRIMARY_KEY_\\w+: K = \\(\\?\\d \\+ MOD\\(D\\.K, 2147483648\\)\\) \\*/")
                    .contains("/* index sorted */");
        }
        plans.put("search postings", explain(SearchIndex.POSTINGS, List.of(SearchKey.first("鞋店"), SearchKey.last("鞋店"))));
        plans.put("status due", explain(StatusOutbox.DUE, List.of(OffsetDateTime.now(), 200)));
        plans.put("status behind", explain(StatusOutbox.BEHIND, List.of("RD-1")));
        plans.put("status next", explain(StatusOutbox.NEXT, List.of(OffsetDateTime.now(), "RD-1", OffsetDateTime.now())));
        plans.put("status release", explain(StatusOutbox.RELEASE, List.of(OffsetDateTime.now(), OffsetDateTime.now())));
        // a lead's own updates are read by the lead's index, not by walking every unsent update
        for (String query : List.of("status behind", "status next")) {
            assertThat(plans.get(query)).as(query).contains("STATUS_OUTBOX_EVENT_IDX: EVENT_ID = ?");
        }
        // the release reads only the waiting updates, and each one's lead by the lead's index
        assertThat(plans.get("status release")).as("status release").contains("STATUS_OUTBOX_DUE_IDX: NEXT_ATTEMPT_AT = ?2")
                .contains("STATUS_OUTBOX_EVENT_IDX: ");
        plans.put("dispatch resend", explain(DispatchOutbox.RESEND, List.of("PENDING", OffsetDateTime.now(), 200)));
        plans.put("figure counters", explain("SELECT scope_key, figure, SUM(n) FROM figure_count WHERE scope = 'town'"
                + " AND period_month BETWEEN '2015-05' AND '2015-06' GROUP BY scope_key, figure", List.of()));
        plans.put("tally due", explain(TallyStore.DUE, List.of(ClockConfig.BEGINNING, OffsetDateTime.now())));
        for (String which : List.of("ACCEPT", "CLOSE")) {
            plans.put("sla " + which, explain(LeadLedger.overdueQuery(which), List.of(ClockConfig.BEGINNING, OffsetDateTime.now(),
                    OffsetDateTime.now())));
        }
        plans.forEach((query, plan) -> System.out.println("plan of " + query + ": " + plan.replaceAll("\\s+", " ")));
        plans.forEach((query, plan) -> assertThat(plan).as(query).doesNotContain("tableScan")
                .doesNotContainPattern("/\\* PUBLIC\\.[A-Z_0-9]+ \\*/"));
    }

    /**
     * The timers' queries for what is due by now read what is due, not every row that will never be (a closed lead
     * has no deadline to flip its figures or to flag): with nothing due, next to nothing read. H2 reads an index's
     * null entries for {@code column <= ?} alone; this ledger has thousands of them.
     */
    @Test
    void whatIsDueIsReadAlone() {
        jdbc.sql("UPDATE tally_state SET definitions = 0 WHERE id = 1").update(); // counted again, this ledger with it
        tally.catchUp(Integer.MAX_VALUE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM lead_tally WHERE flip_at IS NULL").query(Long.class).single()).isGreaterThan(1_000);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM lead WHERE sla_due IS NULL").query(Long.class).single()).isGreaterThan(1_000);
        OffsetDateTime beforeAnyDeadline = OffsetDateTime.parse("2000-01-01T00:00:00+08:00");
        Map<String, String> plans = new LinkedHashMap<>();
        plans.put("tally due", analyze(TallyStore.DUE, List.of(ClockConfig.BEGINNING, beforeAnyDeadline)));
        for (String which : List.of("ACCEPT", "CLOSE")) {
            plans.put("sla " + which, analyze(LeadLedger.overdueQuery(which), List.of(ClockConfig.BEGINNING, beforeAnyDeadline,
                    beforeAnyDeadline)));
        }
        plans.forEach((query, plan) -> assertThat(scanCount(plan)).as(query + ": " + plan).isLessThanOrEqualTo(1));
        // and what is due is found: a case made overdue in a transaction that is rolled back (the bridge's own SLA
        // timer flags this ledger's past deadlines as it runs, and does not see it)
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            long id = jdbc.sql("SELECT MIN(id) FROM lead WHERE state = 'CLOSED'").query(Long.class).single();
            jdbc.sql("UPDATE lead SET state = 'ACCEPTED', deadline_accept = ?, deadline_finish = ?, overdue_accept_at = NULL,"
                    + " overdue_close_at = NULL WHERE id = ?").params(beforeAnyDeadline.minusDays(9), beforeAnyDeadline.minusDays(1), id).update();
            assertThat(jdbc.sql(LeadLedger.overdueQuery("CLOSE")).params(ClockConfig.BEGINNING, beforeAnyDeadline, beforeAnyDeadline)
                    .query(Long.class).list()).containsExactly(id);
            assertThat(jdbc.sql(LeadLedger.overdueQuery("ACCEPT")).params(ClockConfig.BEGINNING, beforeAnyDeadline, beforeAnyDeadline)
                    .query(Long.class).list()).isEmpty();
            tx.setRollbackOnly();
        });
    }

    private String analyze(String sql, List<?> params) {
        return jdbc.sql("EXPLAIN ANALYZE " + sql).params(params).query(String.class).single();
    }

    private static int scanCount(String plan) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("scanCount: (\\d+)").matcher(plan);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private String explain(String sql, List<?> params) {
        return jdbc.sql("EXPLAIN " + sql).params(params).query(String.class).single();
    }
}
