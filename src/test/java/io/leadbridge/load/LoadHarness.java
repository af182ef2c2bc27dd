package io.leadbridge.load;

import io.leadbridge.LeadBridgeApplication;
import io.leadbridge.reference.Departments;
import io.leadbridge.support.BridgeProcess;
import jakarta.jms.ConnectionFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load harness: starts the bridge in this JVM on its production configuration (embedded
 * persistent broker, H2 file database, a fresh data folder), drives generated leads in through
 * push, queue and batch file, and times each from the moment it is handed over to the moment its
 * case is on the department's queue (read by a consumer that plays the departments). Beside it, the
 * same broker's own durable rate (a raw JMS producer and consumer), so every figure is also a ratio.
 *
 * <p>Run: {@code mvn -Pload test-compile exec:exec -Dload.args="--leads 20000"}; see docs/performance.md.
 * Options: --leads N, --modes raw,push,queue,file,steady,poll,steady+file,repush,requeue (poll and steady+file, the steady pushes
 * while a batch file of N lines is taken in, and repush and requeue, the last push or queue run's leads sent again and
 * taken as DUPLICATE, each way's floor: not by default), --push-clients K, --queue-producers K,
 * --steady-rate R, --steady-seconds S, --raw-messages N, --warmup N (a batch file first, and N/2 pushes when push or steady runs; not reported), --jit-rounds K (when steady
 * runs are asked for, before the first run: at most K steady rounds, not reported, until the JIT compiles less than a third
 * of a round; 6), --out DIR; any --spring.*,
 * --bridge.*, --logging.* or --LEADBRIDGE_* setting is passed to the bridge (e.g. --spring.datasource.url jdbc:postgresql://... to measure on
 * PostgreSQL). --instances N (with the cluster profile: --spring.profiles.active cluster and its LEADBRIDGE_* settings) starts
 * N-1 more instances as processes of their own on the same settings; pushes go to all of them in turn.
 * --soak N (with --steady-rate R and --sample-seconds S) runs the soak instead: N leads the whole way, a restart, the
 * disk sampled (see {@link Soak}). --shapes N measures the ledger's shape on H2 alone, N leads per shape (see {@link LedgerShapes}).
 */
public final class LoadHarness {

    private LoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.shapes() > 0) {
            // H2 alone: no bridge, no data folder of its own
            exitAfter(() -> LedgerShapes.run(options.shapes(), options.out()));
        }
        Path data = options.out().resolve("data-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(data.resolve("inbox"));
        System.out.printf("load harness: %s; data in %s; heap max %d MB, %d cores%n", options, data,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        // the poll run: Smart-Grid's poll API served by the harness, polled by the bridge every 100 ms
        SmartGridFeed feed = options.modes().contains("poll") ? new SmartGridFeed() : null;
        List<String> given = new ArrayList<>(List.of(
                "--server.port=0", "--bridge.data-dir=" + data.toAbsolutePath(),
                "--bridge.api-keys.smart-grid=" + LoadDrivers.KEY, "--bridge.intake.poll.enabled=" + (feed != null),
                "--bridge.status.enabled=false", "--logging.config=classpath:logback-load.xml",
                "--logging.file.name=" + data.resolve("bridge.log")));
        if (feed != null) {
            given.addAll(List.of("--bridge.smart-grid.url=" + feed.url(), "--bridge.intake.poll.period=100",
                    "--bridge.intake.poll.delay=0"));
        }
        given.addAll(options.bridgeSettings());
        List<String> bridgeArgs = io.leadbridge.support.BridgeProcess.withTestPassword(given);
        if (options.reads() > 0) {
            exitAfter(() -> Reads.run(options, data, bridgeArgs));
        }
        if (options.soak() > 0) {
            exitAfter(() -> Soak.run(options, data, bridgeArgs));
        }
        ConfigurableApplicationContext bridge = new SpringApplicationBuilder(LeadBridgeApplication.class)
                .run(bridgeArgs.toArray(String[]::new));
        List<Result> results = new ArrayList<>();
        List<BridgeProcess> others = new ArrayList<>();
        try {
            ConnectionFactory jms = bridge.getBean(ConnectionFactory.class);
            List<Integer> ports = new ArrayList<>(List.of(Integer.parseInt(bridge.getEnvironment().getProperty("local.server.port"))));
            for (int i = 2; i <= options.instances(); i++) {
                Path own = data.resolve("instance-" + i);
                Files.createDirectories(own);
                List<String> settings = new ArrayList<>(List.of("--bridge.api-keys.smart-grid=" + LoadDrivers.KEY,
                        "--bridge.intake.poll.enabled=false", "--bridge.status.enabled=false"));
                settings.addAll(options.bridgeSettings());
                BridgeProcess instance = new BridgeProcess(own, settings);
                instance.start();
                others.add(instance);
                ports.add(instance.port());
                System.out.printf("instance %d on port %d%n", i, instance.port());
            }
            try (DepartmentQueues departments = DepartmentQueues.listen(jms, bridge.getBean(Departments.class).codes())) {
                LoadDrivers drivers = new LoadDrivers(jms, ports, new LeadSource(), departments, data);
                DatabaseWrites writes = new DatabaseWrites(bridge.getBean(javax.sql.DataSource.class));
                if (options.warmup() > 0) {
                    // the JIT compiles the hot path first: without this, the first run measures the compiler
                    System.out.println("warm-up (not reported): " + drivers.file(options.warmup()).line() + writes.since());
                    if (options.modes().stream().anyMatch(m -> m.equals("push") || m.startsWith("steady"))) {
                        // a batch file leaves the HTTP path cold: the first push run after it paid the JIT a quarter of the CPU
                        System.out.println("warm-up (not reported): " + drivers.push(options.warmup() / 2, options.pushClients()).line()
                                + writes.since());
                    }
                }
                io.leadbridge.search.SearchIndex search = bridge.getBean(io.leadbridge.search.SearchIndex.class);
                Runnable settle = () -> {
                    // the search index caught up (none pays for the grams of the run before) and the bridge settled (the
                    // figures folded, the statuses sent: H2 writes less than 256 KB in a second), so that a run does not pay
                    // for the one before (a first run straight after the warm-up still pays the JIT)
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(10)).until(() -> search.pending() == 0);
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).pollInterval(java.time.Duration.ofSeconds(1))
                            .until(() -> writes.settled(256 << 10));
                };
                settle.run(); // after the warm-up; each run below settles after itself
                if (options.warmup() > 0 && options.modes().stream().anyMatch(m -> m.startsWith("steady"))) {
                    // the steady runs measure a bridge in service, not one whose JIT still compiles: on two cores the
                    // compiler took one of them for the first minutes (33 s of compiling in the first 30-second run,
                    // 23 s in the second, 7 s in the third): steady rounds, not reported, until one compiles for less than
                    // a third of its length
                    for (int round = 1; round <= options.jitRounds(); round++) {
                        long jitAtStart = jitMillis();
                        Result warm = drivers.steady(options.steadyRate(), options.steadySeconds());
                        settle.run();
                        long compiled = jitMillis() - jitAtStart;
                        System.out.println("warm-up (not reported): " + warm.line() + writes.since() + jit(compiled));
                        if (compiled < options.steadySeconds() * 1000L / 3) {
                            break;
                        }
                    }
                }
                for (String mode : options.modes()) {
                    int runsBefore = results.size();
                    long cpuAtStart = processCpuNanos();
                    long jitAtStart = jitMillis();
                    System.out.printf("%s starts at %s (UTC; to find it in a profile)%n", mode, java.time.Instant.now());
                    switch (mode) {
                        case "raw" -> {
                            results.add(RawBroker.transacted(jms, options.rawMessages()));
                            results.add(RawBroker.async(jms, options.rawMessages()));
                        }
                        case "push" -> results.add(drivers.push(options.leads(), options.pushClients()));
                        case "repush" -> results.add(drivers.repush(options.pushClients()));
                        case "queue" -> results.add(drivers.queue(options.leads(), options.queueProducers()));
                        case "requeue" -> results.add(drivers.requeue(options.queueProducers(),
                                bridge.getBean(org.apache.camel.CamelContext.class),
                                bridge.getBean(io.micrometer.core.instrument.MeterRegistry.class)));
                        case "file" -> results.add(drivers.file(options.leads()));
                        case "poll" -> results.add(drivers.poll(feed, options.leads()));
                        case "steady" -> results.add(drivers.steady(options.steadyRate(), options.steadySeconds()));
                        case "steady+file" -> results.add(drivers.steadyBesideFile(options.steadyRate(), options.steadySeconds(),
                                options.leads()));
                        default -> throw new IllegalArgumentException("--modes: unknown mode " + mode);
                    }
                    Result run = results.get(results.size() - 1);
                    settle.run(); // what a run's leads cost once they were delivered (statuses, figures, grams) is its own
                    // raw is two runs (transacted, async): its CPU is shared by the items of both
                    long items = results.subList(runsBefore, results.size()).stream().mapToLong(Result::items).sum();
                    System.out.println(run.line() + writes.since() + cpuPerItem(processCpuNanos() - cpuAtStart, items)
                            + jit(jitMillis() - jitAtStart));
                }
            }
        } finally {
            for (BridgeProcess instance : others) {
                instance.stop();
            }
            bridge.close();
            if (feed != null) {
                feed.close(); // its HTTP server's thread is not a daemon: the JVM would not end
            }
        }
        report(results, options.out());
    }

    /** Prints the table, with each bridge figure as a ratio to the broker's transacted rate, and writes CSV. */
    static void report(List<Result> results, Path out) throws IOException {
        double limit = results.stream().filter(r -> r.name().equals("broker transacted")).mapToDouble(Result::perSecond)
                .findFirst().orElse(Double.NaN);
        StringBuilder table = new StringBuilder();
        table.append(String.format("%n| run | items | seconds | per second | ÷ broker transacted | p50 ms | p99 ms | max ms | lost | peak heap MB |%n"));
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder csv = new StringBuilder("run,items,seconds,per_second,ratio_to_broker_transacted,p50_ms,p99_ms,max_ms,lost,peak_heap_mb\n");
        for (Result r : results) {
            double ratio = r.perSecond() / limit;
            table.append(String.format("| %s | %,d | %.1f | %,.0f | %.2f | %s | %s | %s | %d | %d |%n", r.name(), r.items(), r.seconds(),
                    r.perSecond(), ratio, ms(r.p50()), ms(r.p99()), ms(r.max()), r.lost(), r.peakHeapMb()));
            csv.append(String.format("%s,%d,%.3f,%.1f,%.3f,%s,%s,%s,%d,%d%n", r.name(), r.items(), r.seconds(), r.perSecond(), ratio,
                    ms(r.p50()), ms(r.p99()), ms(r.max()), r.lost(), r.peakHeapMb()));
        }
        System.out.println(table);
        Files.createDirectories(out);
        Path file = out.resolve("load-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".csv");
        Files.writeString(file, csv);
        Files.writeString(out.resolve("load-latest.csv"), csv);
        System.out.println("written " + file);
    }

    private static String ms(double nanos) {
        return Double.isNaN(nanos) ? "" : String.format("%.1f", nanos / 1e6);
    }

    /**
     * The CPU time of this JVM (the bridge, its broker and H2, and the harness's own clients and departments): what a
     * lead costs, to set beside a rate that moves with the shared machine's hour when two builds are compared.
     */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String cpuPerItem(long cpuNanos, long items) {
        return String.format(", CPU %.2f ms an item (%.1f s until settled)", cpuNanos / 1e6 / items, cpuNanos / 1e9);
    }

    /**
     * The JIT compilers' time so far (the JVM's own figure: its compiler threads' wall time, which on two shared cores
     * is CPU taken from the run): a run that still compiles the hot path measures the compiler as well.
     */
    static long jitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    static String jit(long millis) {
        return String.format(", JIT compiling %.1f s", millis / 1e3);
    }

    private static final java.util.concurrent.atomic.AtomicLong PEAK_HEAP = new java.util.concurrent.atomic.AtomicLong();

    static {
        // heap in use, sampled every 50 ms (garbage included): the most the runs needed at once
        Thread sampler = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                PEAK_HEAP.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Peak heap in use since the last call, in MB; starts a new period. */
    static long peakHeapMb() {
        return PEAK_HEAP.getAndSet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) >> 20;
    }

    /** One run's figures; latencies in nanoseconds (NaN when not measured). */
    record Result(String name, long items, double seconds, double p50, double p99, double max, long lost, long peakHeapMb) {
        double perSecond() {
            return items / seconds;
        }

        String line() {
            return String.format("%s: %,d in %.1f s = %,.0f/s, p50 %s ms, p99 %s ms, max %s ms, lost %d, peak heap %d MB", name, items,
                    seconds, perSecond(), ms(p50), ms(p99), ms(max), lost, peakHeapMb);
        }
    }

    /** A run of its own; the embedded broker leaves in-VM threads that are not daemons, so the JVM exits explicitly. */
    private static void exitAfter(Run run) {
        try {
            run.run();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private interface Run {
        void run() throws Exception;
    }

    record Options(int leads, List<String> modes, int pushClients, int queueProducers, int steadyRate, int steadySeconds,
                   int rawMessages, int warmup, int jitRounds, int instances, long soak, int sampleSeconds, int reads, int shapes, Path out,
                   List<String> bridgeSettings) {
        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            int leads = Integer.parseInt(given.getOrDefault("leads", "20000"));
            return new Options(leads, List.of(given.getOrDefault("modes", "raw,push,queue,file,steady").split(",")),
                    Integer.parseInt(given.getOrDefault("push-clients", "16")),
                    Integer.parseInt(given.getOrDefault("queue-producers", "4")),
                    Integer.parseInt(given.getOrDefault("steady-rate", "100")),
                    Integer.parseInt(given.getOrDefault("steady-seconds", "30")),
                    Integer.parseInt(given.getOrDefault("raw-messages", String.valueOf(Math.min(leads, 20000)))),
                    Integer.parseInt(given.getOrDefault("warmup", "5000")),
                    Integer.parseInt(given.getOrDefault("jit-rounds", "6")),
                    Integer.parseInt(given.getOrDefault("instances", "1")),
                    Long.parseLong(given.getOrDefault("soak", "0")),
                    Integer.parseInt(given.getOrDefault("sample-seconds", "60")),
                    Integer.parseInt(given.getOrDefault("reads", "0")),
                    Integer.parseInt(given.getOrDefault("shapes", "0")),
                    Path.of(given.getOrDefault("out", "target/load")),
                    given.entrySet().stream().filter(e -> e.getKey().startsWith("spring.") || e.getKey().startsWith("bridge.")
                                    || e.getKey().startsWith("logging.") || e.getKey().startsWith("LEADBRIDGE_"))
                            .map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
        }
    }

}
