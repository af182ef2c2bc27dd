package io.leadbridge.load;

import io.leadbridge.LeadBridgeApplication;
import io.leadbridge.console.WorkQueue;
import io.leadbridge.ledger.LeadFilter;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.reference.Towns;
import io.leadbridge.reporting.Reports;
import io.leadbridge.reporting.TallyStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The reads benchmark ({@code --reads N}, issue 19): a ledger of N generated leads over the last year
 * (ReadsLedger), the counters made from it, then every list and report timed on the idle bridge (20
 * tries each after 3 to warm up: p50, p95, max), the plans of the list queries, and the process's CPU
 * over a minute with 100,000 statuses waiting for a Smart-Grid that cannot be reached (from 100,000 leads).
 * <p>Run: {@code mvn -Pload test-compile exec:exec -Dload.args="--reads 100000"}; on PostgreSQL add
 * {@code --spring.datasource.url jdbc:postgresql://... --spring.datasource.username ... --spring.datasource.password ...}.
 */
final class Reads {

    private static final String OPS = "reads-bench-ops";

    private Reads() {
    }

    static void run(LoadHarness.Options options, Path data, List<String> bridgeArgs) throws Exception {
        List<String> args = new ArrayList<>(bridgeArgs);
        args.removeIf(a -> a.startsWith("--bridge.status.enabled"));
        args.addAll(List.of("--bridge.api-keys.ops=" + OPS, "--bridge.status.enabled=true", "--bridge.smart-grid.url=http://127.0.0.1:9",
                "--bridge.intake.file.enabled=false"));
        ConfigurableApplicationContext bridge = new SpringApplicationBuilder(LeadBridgeApplication.class).run(args.toArray(String[]::new));
        try {
            int port = Integer.parseInt(bridge.getEnvironment().getProperty("local.server.port"));
            JdbcTemplate jdbc = bridge.getBean(JdbcTemplate.class);
            boolean h2 = jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName().startsWith("H2"));
            List<String> towns = new ArrayList<>(bridge.getBean(Towns.class).codes());
            OffsetDateTime now = OffsetDateTime.now();
            long t0 = System.nanoTime();
            ReadsLedger.write(jdbc, new TransactionTemplate(bridge.getBean(PlatformTransactionManager.class)), towns, options.reads(),
                    now, 19);
            System.out.printf("reads: %,d leads written in %.0f s%n", options.reads(), seconds(t0));
            jdbc.update("UPDATE tally_state SET definitions = 0 WHERE id = 1");
            t0 = System.nanoTime();
            bridge.getBean(TallyStore.class).catchUp(Integer.MAX_VALUE);
            System.out.printf("reads: counters made from the whole ledger in %.0f s%n", seconds(t0));
            jdbc.execute(h2 ? "ANALYZE" : "ANALYZE");
            if (h2) {
                try (Stream<Path> files = Files.walk(data)) {
                    files.filter(p -> p.toString().endsWith(".mv.db")).forEach(p -> System.out.printf("reads: H2 file %s: %,d MB%n",
                            p.getFileName(), p.toFile().length() >> 20));
                }
            }
            // the last whole month: a month's worth of leads (this month has only begun)
            String month = YearMonth.now().minusMonths(1).toString();
            String part = YearMonth.now().minusMonths(1).atDay(3) + "&to=" + YearMonth.now().minusMonths(1).atDay(20);
            String town = towns.get(0);
            HttpClient http = HttpClient.newHttpClient();
            // every try asks something a little different (a page, a month), so that no answer is H2's cached
            // result of the same query a moment before
            Map<String, java.util.function.IntFunction<Object>> calls = new LinkedHashMap<>();
            for (String path : List.of("/api/v1/leads?size=50", "/api/v1/leads?state=DISPUTED&size=50", "/api/v1/leads?town=" + town,
                    "/api/v1/leads?state=CLOSED&town=" + town, "/api/v1/leads?overdue=true", "/api/v1/review?reason=NO_MATCH",
                    "/api/v1/review?town=" + town, "/api/v1/review",
                    "/api/v1/reports/figures?by=city&month=" + month, "/api/v1/reports/figures?by=town&month=" + month,
                    "/api/v1/reports/figures?by=dept&month=" + month, "/api/v1/reports/figures?by=inspector&month=" + month,
                    "/api/v1/reports/ledger?month=" + month, "/api/v1/reports/bulletin?month=" + month + "&format=xlsx",
                    "/api/v1/reports/bulletin?month=" + month + "&format=csv", "/api/v1/reports/bulletin?month=" + month + "&format=html",
                    "/api/v1/reports/figures?by=town&from=" + part,
                    // search (generated names, see ReadsLedger): a rare name, an address, an operator, a common trade, in a town
                    search("老王鞋店"), search("人民路12号"), search("王伟"), search("鞋店"), search("鸿运") + "&town=" + town)) {
                calls.put("GET " + java.net.URLDecoder.decode(path, java.nio.charset.StandardCharsets.UTF_8), i -> {
                    String varied = path.contains("/reports/") ? path.replace("month=" + month, "month=" + YearMonth.now().minusMonths(1 + i % 3))
                            : path + (path.contains("?") ? "&" : "?") + "page=" + (i % 4);
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + varied))
                                .header("X-Api-Key", OPS).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(varied + " answered " + r.statusCode() + ": " + new String(r.body()));
                        }
                        return r.body().length;
                    } catch (java.io.IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            WorkQueue queue = bridge.getBean(WorkQueue.class);
            Reports reports = bridge.getBean(Reports.class);
            WorkQueue.Filter all = new WorkQueue.Filter(null, null, null, null, null, null, null, false);
            WorkQueue.Filter mine = new WorkQueue.Filter(null, town, null, null, null, null, null, false);
            calls.put("console work queue (city admin): counts + a page", i -> List.of(queue.counts(all), queue.page(all, i % 4, 50)));
            calls.put("console work queue (coordinator): counts + a page", i -> List.of(queue.counts(mine), queue.page(mine, i % 4, 50)));
            TallyStore tally = bridge.getBean(TallyStore.class);
            calls.put("counters up to date (what every report does first)", i -> {
                if (!tally.catchUp(20_000)) {
                    throw new IllegalStateException("the counters are behind");
                }
                return true;
            });
            calls.put("console dashboard data, city, 12 months", i -> reports.dashboard(null, 12 - i % 2));
            calls.put("console dashboard data, one town, 12 months", i -> reports.dashboard(towns.get(i % towns.size()), 12));
            System.out.printf("reads: %,d leads on record (%s)%n", jdbc.queryForObject("SELECT COUNT(*) FROM lead", Long.class),
                    h2 ? "H2" : "PostgreSQL");
            for (Map.Entry<String, java.util.function.IntFunction<Object>> call : calls.entrySet()) {
                System.out.println("reads: " + time(call.getValue()) + "  " + call.getKey());
            }
            plans(jdbc, h2, town);
            if (options.reads() >= 100_000) {
                outage(jdbc, bridge);
            }
        } finally {
            bridge.close();
        }
    }

    private static String search(String q) {
        return "/api/v1/leads?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String time(java.util.function.IntFunction<Object> call) {
        for (int i = 0; i < 3; i++) {
            call.apply(i);
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            call.apply(i);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        return String.format("p50 %7.1f ms, p95 %7.1f ms, max %7.1f ms", ms.get(9), ms.get(18), ms.get(19));
    }

    private static void plans(JdbcTemplate jdbc, boolean h2, String town) {
        Map<String, LeadFilter> filters = new LinkedHashMap<>();
        filters.put("state=DISPUTED", new LeadFilter(List.of(LeadState.DISPUTED), null, null, null, false));
        filters.put("town", new LeadFilter(null, town, null, null, false));
        filters.put("review NO_MATCH", new LeadFilter(null, null, null, List.of("NO_MATCH"), true));
        filters.put("review, town", new LeadFilter(null, town, null, null, true));
        filters.put("overdue", new LeadFilter(null, null, null, null, false, true));
        filters.forEach((name, filter) -> {
            List<Object> params = new ArrayList<>();
            String where = filter.where(params);
            String sql = (h2 ? "EXPLAIN ANALYZE " : "EXPLAIN (ANALYZE, COSTS OFF) ") + "SELECT id FROM lead" + where
                    + filter.orderBy() + " LIMIT 50";
            List<String> plan = jdbc.queryForList(sql, String.class, params.toArray());
            System.out.println("reads: plan of " + name + ": " + String.join(" | ", plan).replaceAll("\\s+", " "));
        });
        // a search's page: the rarest gram's postings in order, the other grams by primary key (SearchIndex)
        for (String scope : java.util.Arrays.asList(null, town)) {
            List<Object> params = new ArrayList<>();
            String from = io.leadbridge.search.SearchIndex.candidates(List.of("老王", "鞋店", "王鞋"),
                    io.leadbridge.search.SearchIndex.Within.town(scope), params);
            params.add(0L);
            params.add(50);
            String sql = (h2 ? "EXPLAIN ANALYZE " : "EXPLAIN (ANALYZE, COSTS OFF) ") + "SELECT " + io.leadbridge.search.SearchIndex.CANDIDATE + from
                    + io.leadbridge.search.SearchIndex.ORDER;
            List<String> plan = jdbc.queryForList(sql, String.class, params.toArray());
            System.out.println("reads: plan of search 老王鞋店" + (scope == null ? "" : ", town") + ": "
                    + String.join(" | ", plan).replaceAll("\\s+", " "));
        }
    }

    /** 100,000 statuses for 30,000 leads waiting for Smart-Grid: the process's CPU over a minute, idle. */
    private static void outage(JdbcTemplate jdbc, ConfigurableApplicationContext bridge) {
        OffsetDateTime now = OffsetDateTime.now();
        OffsetDateTime waiting = OffsetDateTime.parse("9999-12-31T00:00:00Z");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            int lead = i % 30_000;
            rows.add(new Object[]{"OUT-" + lead, "ACCEPTED", "{}", now, i < 30_000 ? now : waiting});
            if (rows.size() == 5_000) {
                jdbc.batchUpdate("INSERT INTO status_outbox (event_id, status, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)", rows);
                rows.clear();
            }
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // the first tries of the 30,000 leads' oldest updates (200 a second), then their back-off
        LockSupport.parkNanos(180_000_000_000L);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
        long cpu = os.getProcessCpuTime();
        long t = System.nanoTime();
        LockSupport.parkNanos(60_000_000_000L);
        long elapsed = System.nanoTime() - t;
        double share = (os.getProcessCpuTime() - cpu) / (double) elapsed;
        System.out.printf("reads: Smart-Grid out of reach, %,d statuses unsent: the process used %.1f %% of a core over a minute%n",
                jdbc.queryForObject("SELECT COUNT(*) FROM status_outbox WHERE sent_at IS NULL", Long.class), share * 100);
        // where it went: the threads that used the most of that minute
        List<Map.Entry<String, Long>> busiest = new ArrayList<>();
        for (long id : threads.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
            long used = threads.getThreadCpuTime(id);
            if (info != null && used > 0) {
                busiest.add(Map.entry(info.getThreadName(), used - before.getOrDefault(id, 0L)));
            }
        }
        busiest.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        long javaThreads = busiest.stream().mapToLong(Map.Entry::getValue).sum();
        System.out.printf("reads:   %5.1f %% of a core  the JVM's own threads (GC, JIT: the process less its Java threads)%n",
                (os.getProcessCpuTime() - cpu - javaThreads) * 100.0 / elapsed);
        busiest.stream().limit(10).forEach(e -> System.out.printf("reads:   %5.1f %% of a core  %s%n", e.getValue() * 100.0 / elapsed,
                e.getKey()));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
