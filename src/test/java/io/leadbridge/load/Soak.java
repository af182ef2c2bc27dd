package io.leadbridge.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.leadbridge.LeadBridgeApplication;
import io.leadbridge.reference.Departments;
import io.leadbridge.storage.DataDisk;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak ({@code --soak N}): N leads pushed at a steady rate, each taken the whole way: routed, dispatched, signed
 * for, in progress and closed by the departments (on css.feedback), every status taken by a stand-in Smart-Grid. Then
 * the bridge is stopped, started again on the same data and given a tenth more leads (the disk after a restart).
 * Every {@code --sample-seconds} the sizes on disk are sampled: the H2 file, the broker's journal and paging, the
 * inbox. At the end the live size: a copy of the H2 file after {@code SHUTDOWN COMPACT}. It prints bytes per lead
 * and the ratio of the largest file to the live size, and writes soak-latest.csv.
 */
final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final int JOURNAL_PASS_SECONDS = 5;

    private final LoadHarness.Options options;
    private final Path data;
    private final List<String> bridgeArgs;
    private final Sizes sizes;

    private Soak(LoadHarness.Options options, Path data, List<String> bridgeArgs) {
        this.options = options;
        this.data = data;
        this.bridgeArgs = bridgeArgs;
        this.sizes = new Sizes(data);
    }

    static void run(LoadHarness.Options options, Path data, List<String> bridgeArgs) throws Exception {
        new Soak(options, data, bridgeArgs).run();
    }

    private void run() throws Exception {
        HttpServer smartGrid = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicLong statuses = new AtomicLong();
        smartGrid.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            statuses.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        var smartGridThreads = Executors.newFixedThreadPool(4);
        smartGrid.setExecutor(smartGridThreads);
        smartGrid.start();
        List<String> args = new ArrayList<>(bridgeArgs);
        args.remove("--bridge.status.enabled=false");
        args.add("--bridge.status.enabled=true");
        args.add("--bridge.smart-grid.url=http://127.0.0.1:" + smartGrid.getAddress().getPort());
        args.add("--bridge.broker.journal-tidy-period=" + JOURNAL_PASS_SECONDS * 1000);

        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(sizes::sample, 0, options.sampleSeconds(), TimeUnit.SECONDS);
        long first = options.soak();
        long second = Math.max(1, first / 10);
        long start = System.nanoTime();
        try {
            phase(args, 1, first, "soak");
            System.out.printf("soak: %,d leads the whole way in %.0f s; restarting on the same data%n", first,
                    (System.nanoTime() - start) / 1e9);
            phase(args, 2, second, "after restart");
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
            smartGrid.stop(0);
            smartGridThreads.shutdownNow();
        }
        sizes.sample();
        Path trace = data.resolve("db").resolve("leadbridge.trace.db");
        if (Files.exists(trace) && storeErrors(Files.readString(trace))) {
            // H2 writes its own errors there: a store error (a chunk not found) is a corrupt read, whatever the bridge did next
            throw new IllegalStateException("H2 reported store errors during the soak: see " + trace);
        }
        long live = liveSize(data.resolve("db").resolve("leadbridge.mv.db"));
        long leads = first + second;
        String table = String.format("%n| leads | statuses taken | H2 file largest MB | H2 file at end MB | live MB | largest ÷ live "
                        + "| H2 KB per lead (largest) | live KB per lead | journal largest MB | journal drained MB | journal at end MB "
                        + "| seconds | H2 folder largest MB (the compaction's copy) |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                        + "| %,d | %,d | %.1f | %.1f | %.1f | %.2f | %.1f | %.2f | %.1f | %.1f | %.1f | %.0f | %.1f |%n",
                leads, statuses.get(), mb(sizes.databaseMax), mb(sizes.database), mb(live), (double) sizes.databaseMax / live,
                sizes.databaseMax / 1024.0 / leads, live / 1024.0 / leads, mb(sizes.journalMax), mb(sizes.journalDrained), mb(sizes.journal),
                (System.nanoTime() - start) / 1e9, mb(sizes.folderMax));
        System.out.println(table);
        String csv = "leads,statuses,database_max_bytes,database_end_bytes,live_bytes,ratio_max_to_live,journal_max_bytes,journal_end_bytes,"
                + "journal_drained_bytes,database_folder_max_bytes\n"
                + String.format("%d,%d,%d,%d,%d,%.3f,%d,%d,%d,%d%n", leads, statuses.get(), sizes.databaseMax, sizes.database, live,
                (double) sizes.databaseMax / live, sizes.journalMax, sizes.journal, sizes.journalDrained, sizes.folderMax);
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".csv"), csv);
        Files.writeString(options.out().resolve("soak-latest.csv"), csv);
        Files.writeString(options.out().resolve("soak-samples.csv"), sizes.samples());
    }

    /** One bridge lifetime: n leads pushed at the steady rate, then waited for until closed and every status taken. */
    private void phase(List<String> args, int run, long n, String name) throws Exception {
        ConfigurableApplicationContext bridge = new SpringApplicationBuilder(LeadBridgeApplication.class)
                .run(args.toArray(String[]::new));
        try {
            ConnectionFactory jms = bridge.getBean(ConnectionFactory.class);
            JdbcClient jdbc = JdbcClient.create(bridge.getBean(DataSource.class));
            sizes.bridge = bridge.getBean(DataSource.class);
            int port = Integer.parseInt(bridge.getEnvironment().getProperty("local.server.port"));
            try (DepartmentQueues queues = DepartmentQueues.listen(jms, bridge.getBean(Departments.class).codes());
                 Answers answers = new Answers(jms)) {
                queues.then(answers::answer);
                LoadDrivers drivers = new LoadDrivers(jms, List.of(port), new LeadSource(), queues, data, run - 1);
                LoadHarness.Result pushed = drivers.steady(options.steadyRate(), (int) Math.ceil((double) n / options.steadyRate()));
                System.out.println(name + ": " + pushed.line());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600 + n / 10);
                String prefix = "LOAD" + run + "-%"; // LeadSource.eventId of this run
                long closed = 0;
                long unsent = 0;
                while (System.nanoTime() < deadline) {
                    closed = jdbc.sql("SELECT COUNT(*) FROM lead WHERE state = 'CLOSED' AND event_id LIKE ?").param(prefix)
                            .query(Long.class).single();
                    unsent = jdbc.sql("SELECT COUNT(*) FROM status_outbox WHERE sent_at IS NULL").query(Long.class).single();
                    if (closed >= pushed.items() && unsent == 0) {
                        break;
                    }
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
                System.out.printf("%s: %,d of %,d leads closed, %,d statuses unsent; feedback sent %,d%n", name, closed, pushed.items(),
                        unsent, answers.sent.get());
                if (closed < pushed.items() || unsent > 0) {
                    throw new IllegalStateException(name + ": not every lead went the whole way");
                }
                sizes.journalDrained = settledJournal();
                System.out.printf("%s: the broker's folder %.1f MB once the queues drained and it settled%n", name,
                        mb(sizes.journalDrained));
            }
        } finally {
            sizes.bridge = null;
            bridge.close();
        }
    }

    /**
     * The broker's folder once its queues have drained: sampled every second until it has not changed for three
     * of the journal pass's periods (BrokerJournal, every 5 s here), or two minutes.
     */
    private long settledJournal() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        long size = DataDisk.size(data.resolve("artemis"));
        long since = System.nanoTime();
        while (System.nanoTime() < until && System.nanoTime() - since < TimeUnit.SECONDS.toNanos(3 * JOURNAL_PASS_SECONDS)) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            long now = DataDisk.size(data.resolve("artemis"));
            if (now != size) {
                size = now;
                since = System.nanoTime();
            }
        }
        return size;
    }

    /** The departments' answers on css.feedback: signed for at once, in progress a second later, closed a second after. */
    private static final class Answers implements AutoCloseable {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        final AtomicLong sent = new AtomicLong();

        Answers(ConnectionFactory factory) throws JMSException {
            connection = factory.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue("css.feedback"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        }

        void answer(Message message) {
            try {
                JsonNode c = JSON.readTree(((TextMessage) message).getText());
                later.execute(() -> send(c, "ACCEPTED"));
                later.schedule(() -> send(c, "PROGRESS"), 1, TimeUnit.SECONDS);
                later.schedule(() -> send(c, "CLOSED"), 2, TimeUnit.SECONDS);
            } catch (JMSException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void send(JsonNode c, String type) {
            var feedback = JSON.createObjectNode().put("case_no", c.path("case_no").asText()).put("dept_code", c.path("dept_code").asText())
                    .put("dispatch_seq", c.path("dispatch_seq").asInt(1)).put("type", type)
                    .put("at", LocalDateTime.now(io.leadbridge.config.ClockConfig.CITY_ZONE).format(AT)).put("handler", "soak");
            if (type.equals("CLOSED")) {
                feedback.put("outcome", "LICENSED");
            }
            try {
                TextMessage message = session.createTextMessage(feedback.toString());
                // in order per case: the bridge's feedback consumers run in parallel, a group stays with one of them
                message.setStringProperty("JMSXGroupID", c.path("case_no").asText());
                producer.send(message); // only the one scheduler thread sends
                sent.incrementAndGet();
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws JMSException {
            later.shutdownNow();
            connection.close();
        }
    }

    /** What the bridge keeps on disk, sampled: the H2 file, the broker's folder, the inbox; the largest seen of each. */
    private static final class Sizes {
        private final Path data;
        private final StringBuilder samples = new StringBuilder("seconds,database_bytes,journal_bytes,inbox_bytes,database_folder_bytes\n");
        private final long start = System.nanoTime();
        /** The H2 file, what the ratio is about. */
        volatile long database;
        volatile long databaseMax;
        /**
         * H2's folder: the file, its trace, and during a compaction at start or stop the compacted copy written beside the
         * file (SHUTDOWN COMPACT writes leadbridge.mv.db.tempFile, then replaces the file): the disk the database needs.
         */
        volatile long folderMax;
        volatile long journal;
        volatile long journalMax;
        /** The broker's folder once the last phase's queues drained and it settled. */
        volatile long journalDrained;

        Sizes(Path data) {
            this.data = data;
        }

        synchronized void sample() {
            Path file = data.resolve("db").resolve("leadbridge.mv.db");
            database = fileSize(file);
            long folder = DataDisk.size(data.resolve("db"));
            folderMax = Math.max(folderMax, folder);
            journal = DataDisk.size(data.resolve("artemis"));
            long inbox = DataDisk.size(data.resolve("inbox"));
            databaseMax = Math.max(databaseMax, database);
            journalMax = Math.max(journalMax, journal);
            samples.append(String.format("%.0f,%d,%d,%d,%d%n", (System.nanoTime() - start) / 1e9, database, journal, inbox, folder));
            System.out.printf("sizes: H2 %.1f MB (folder %.1f MB), broker %.1f MB, inbox %.1f MB%s%n", mb(database), mb(folder), mb(journal),
                    mb(inbox), h2Info());
        }

        /** H2's own view of its file, while the bridge runs: fill rates of the file and of its chunks, chunk count. */
        volatile DataSource bridge;

        private String h2Info() {
            DataSource db = bridge;
            if (db == null) {
                return "";
            }
            try {
                return JdbcClient.create(db).sql("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN"
                                + " ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE', 'info.CHUNK_COUNT', 'info.CHUNKS_FILL_RATE_RW')")
                        .query((rs, n) -> rs.getString(1).substring(5) + " " + rs.getString(2)).list().toString();
            } catch (RuntimeException e) {
                return "";
            }
        }

        synchronized String samples() {
            return samples.toString();
        }
    }

    /**
     * Whether H2's trace file holds a store error: an MVStoreException other than a transaction chosen as a deadlock
     * victim (H2 traces those too, as the cause of the SQL error the bridge's lot then retries lead by lead).
     */
    static boolean storeErrors(String trace) {
        return trace.lines().anyMatch(line -> line.contains("MVStoreException:") && !line.contains("deadlock victim"));
    }

    /** The live size of an H2 file: a copy of it after SHUTDOWN COMPACT (the bridge is stopped). */
    static long liveSize(Path file) throws Exception {
        Path copy = file.resolveSibling("live-copy.mv.db");
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String url = "jdbc:h2:file:" + copy.toAbsolutePath().toString().replaceFirst("\\.mv\\.db$", "");
        try (var connection = DriverManager.getConnection(url, "sa", io.leadbridge.support.TestDataDir.H2_PASSWORD); var statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
        long size = Files.size(copy);
        Files.delete(copy);
        return size;
    }

    /** A file's size, 0 while it is not there (between a compaction's delete and rename, or before the first start). */
    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }
}
