package io.leadbridge.storage;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2's housekeeping, driven from outside as the bridge does: on a file written as the bridge writes
 * it (WRITE_DELAY=0, a commit per change), the file stays near its live data with the passes, and
 * grows without them.
 */
class H2StoreTest {

    /** The test's busy store: a quarter MB written since the last pass. */
    private static final org.springframework.util.unit.DataSize BUSY = org.springframework.util.unit.DataSize.ofKilobytes(256);
    /** The least a pass rewrites, and its share of what was written since the last one, as the bridge's defaults. */
    private static final org.springframework.util.unit.DataSize PASS = org.springframework.util.unit.DataSize.ofMegabytes(1);
    private static final double SHARE = 0.5;

    @TempDir
    Path folder;

    @Test
    void theRewriteStepOfThisH2IsThere() {
        JdbcDataSource h2 = dataSource(folder.resolve("present"));
        assertThat(store(h2, java.time.Duration.ZERO).housekeeping())
                .as("FileStore.rewriteChunks and what it needs found, and the data source is an H2 file").isTrue();
    }

    @Test
    void nothingToDoOnAnH2InMemory() {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:h2-store-test");
        assertThat(store(memory, java.time.Duration.ZERO).compact()).isFalse();
    }

    @Test
    void passesKeepAFileOfSmallCommitsNearItsLiveSize() throws Exception {
        long without = churn(folder.resolve("without"), false);
        long with = churn(folder.resolve("with"), true);
        System.out.printf("H2 file after the same churn: %,d bytes without housekeeping, %,d with%n", without, with);
        assertThat(with).as("with passes (%,d bytes) against without (%,d)", with, without).isLessThan(without * 7 / 10);
    }

    /**
     * A pass holds H2's store lock, so every commit waits for it: after little was written it writes at most about
     * pass-bytes, whatever there is to do. H2's own background step moved twice its auto-commit memory (38 MB at a 512 MB
     * heap) in one go, and held commits for a quarter of a second.
     */
    @Test
    void aPassWritesAtMostAboutPassBytesHoweverMuchThereIsToDo(@TempDir Path folder) throws Exception {
        JdbcDataSource h2 = dataSource(folder.resolve("bounded"));
        H2Store store = store(h2, java.time.Duration.ZERO);
        try (Connection connection = h2.getConnection(); Statement sql = connection.createStatement()) {
            // every commit writes as many bytes to each table, and then one table goes: every chunk is half live
            sql.execute("CREATE TABLE kept (id INT PRIMARY KEY, body VARCHAR(2000))");
            sql.execute("CREATE TABLE dropped (id INT PRIMARY KEY, body VARCHAR(2000))");
            connection.setAutoCommit(false);
            for (int i = 0; i < 10_000; i++) {
                sql.execute("INSERT INTO kept VALUES (" + i + ", '" + ("kept " + i + " ").repeat(80) + "')");
                sql.execute("INSERT INTO dropped VALUES (" + i + ", '" + ("dropped " + i + " ").repeat(80) + "')");
                if (i % 50 == 49) {
                    connection.commit();
                }
            }
            connection.setAutoCommit(true);
            store.compact(); // the first pass: every chunk full, nothing to rewrite yet
            sql.execute("DROP TABLE dropped");
            store.compact(); // a pass after a few KB written: at least pass-bytes, not half of the 20 MB before
            System.out.printf("a pass over chunks half live wrote %,d bytes%n", store.lastPassBytes());
            assertThat(store.lastPassBytes()).as("bytes written by one pass").isPositive().isLessThanOrEqualTo(2 * PASS.toBytes());
        }
    }

    /**
     * Under a backlog a pass keeps up with the commits: it rewrites its share of what they wrote since the last pass, at
     * least pass-bytes, at most H2's own busy step (a quarter of its auto-commit memory). A fixed 1 MB let the file grow
     * to four times its live data under a million-line batch file.
     */
    @Test
    void aPassRewritesItsShareOfWhatWasWrittenBetweenPassBytesAndH2sBusyStep() {
        int mb = 1 << 20;
        assertThat(H2Store.budget(100 << 10, mb, 0.5, 5 * mb)).as("a trickle: pass-bytes").isEqualTo(mb);
        assertThat(H2Store.budget(6L * mb, mb, 0.5, 5 * mb)).as("a busy store: half of what was written").isEqualTo(3 * mb);
        assertThat(H2Store.budget(400L * mb, mb, 0.5, 5 * mb)).as("after a long wait: H2's busy step").isEqualTo(5 * mb);
        assertThat(H2Store.budget(400L * mb, mb, 0.5, mb / 2)).as("a tiny heap: never under pass-bytes").isEqualTo(mb);
        assertThat(H2Store.budget(-1, mb, 0.5, 5 * mb)).isEqualTo(mb);
    }

    @Test
    void aStoreThatIsNotBusyIsLeftAloneUntilTheIdlePeriodEnds(@TempDir Path folder) throws Exception {
        JdbcDataSource h2 = dataSource(folder.resolve("idle"));
        H2Store store = store(h2, java.time.Duration.ofHours(1));
        try (Connection connection = h2.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE t (id INT PRIMARY KEY, body VARCHAR(2000))");
            assertThat(store.compact()).isTrue();
            assertThat(store.passes()).isEqualTo(1);
            // nothing committed since: skipped (H2's step would rewrite chunks five times a second)
            sql.executeQuery("SELECT COUNT(*) FROM t").close();
            store.compact();
            assertThat(store.passes()).as("a pass with nothing written since the last one").isEqualTo(1);
            // a timer's small commit (a failed status send during an outage) does not make the store busy
            sql.execute("INSERT INTO t VALUES (1, 'one')");
            store.compact();
            assertThat(store.passes()).as("a pass after a commit of a few bytes").isEqualTo(1);
            sql.execute("INSERT INTO t SELECT X, REPEAT('busy ', 300) FROM SYSTEM_RANGE(2, 1000)");
            store.compact();
            assertThat(store.passes()).as("a pass after more than a quarter MB written").isEqualTo(2);
        }
    }

    /**
     * While the store stays idle, each pass doubles the wait before the next one, up to the maximum (a large file can
     * keep H2 rewriting chunks at every idle pass); a busy store starts the wait again from the idle period.
     */
    @Test
    void theWaitBetweenIdlePassesDoublesUpToItsMaximum(@TempDir Path folder) throws Exception {
        JdbcDataSource h2 = dataSource(folder.resolve("backoff"));
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        H2Store store = new H2Store(h2, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(4), BUSY, PASS, SHARE, clock::get);
        try (Connection connection = h2.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE t (id INT PRIMARY KEY, body VARCHAR(2000))");
            store.compact();
            long[] passesAt = new long[10];
            for (int second = 1; second <= 9; second++) {
                sql.execute("MERGE INTO t KEY (id) VALUES (1, '" + second + "')"); // a timer's small commit: not busy
                clock.set(java.util.concurrent.TimeUnit.SECONDS.toNanos(second));
                store.compact();
                passesAt[second] = store.passes();
            }
            // passes at 0, then 1 s later, 2 s after that, then every 4 s: at 1, 3, 7 s
            assertThat(passesAt).containsExactly(0, 2, 2, 3, 3, 3, 3, 4, 4, 4);
            sql.execute("INSERT INTO t SELECT X, REPEAT('busy ', 300) FROM SYSTEM_RANGE(2, 1000)");
            clock.set(java.util.concurrent.TimeUnit.SECONDS.toNanos(9) + 1);
            store.compact();
            assertThat(store.passes()).as("a busy store: a pass at once").isEqualTo(5);
            sql.execute("MERGE INTO t KEY (id) VALUES (1, 'again')");
            clock.set(java.util.concurrent.TimeUnit.SECONDS.toNanos(10) + 1);
            store.compact();
            assertThat(store.passes()).as("idle again: the wait is the idle period again").isEqualTo(6);
        }
    }

    @Test
    void passesStopOnceTheyFindNothingToDoAndNothingIsWritten(@TempDir Path folder) throws Exception {
        JdbcDataSource h2 = dataSource(folder.resolve("settled"));
        H2Store store = store(h2, java.time.Duration.ZERO);
        try (Connection connection = h2.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE t (id INT PRIMARY KEY, body VARCHAR(2000))");
            for (int i = 0; i < 50; i++) {
                sql.execute("MERGE INTO t KEY (id) SELECT MOD(X, 300), REPEAT('" + i + " ', 300) FROM SYSTEM_RANGE(1, 300)");
            }
            long before = store.passes();
            for (int i = 0; i < 50; i++) {
                store.compact();
            }
            long settled = store.passes();
            assertThat(settled).as("passes while the idle store still had chunks to rewrite").isGreaterThan(before);
            for (int i = 0; i < 20; i++) {
                store.compact();
            }
            assertThat(store.passes()).as("passes after fifty with nothing written between them").isEqualTo(settled);
        }
    }

    @Test
    void statisticsAreTakenWhenRowsChangedAndNotOtherwise(@TempDir Path folder) throws Exception {
        JdbcDataSource h2 = dataSource(folder.resolve("analyze"));
        h2.setURL(h2.getURL() + ";ANALYZE_AUTO=0");
        H2Store store = store(h2, java.time.Duration.ZERO);
        try (Connection connection = h2.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE t (id INT PRIMARY KEY, town VARCHAR(20))");
            sql.execute("INSERT INTO t SELECT X, 'town-' || MOD(X, 4) FROM SYSTEM_RANGE(1, 3000)");
            assertThat(selectivity(sql)).as("no statistics yet: H2's automatic analysis is off").isEqualTo(50);
            assertThat(store.analyze()).isTrue();
            assertThat(selectivity(sql)).as("four towns in 3,000 rows").isEqualTo(1);
            assertThat(store.analyses()).isEqualTo(1);
            store.analyze();
            assertThat(store.analyses()).as("an analysis with no row changed since the last one").isEqualTo(1);
            sql.execute("UPDATE t SET town = 'town-' || id WHERE id > 100");
            store.analyze();
            assertThat(store.analyses()).as("an analysis after rows changed").isEqualTo(2);
            assertThat(selectivity(sql)).as("now almost every row its own town").isGreaterThan(90);
        }
    }

    @Test
    void noStatisticsToTakeOnAnH2InMemory() {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:h2-store-analyze-test");
        assertThat(store(memory, java.time.Duration.ZERO).analyze()).isFalse();
    }

    private static int selectivity(Statement sql) throws java.sql.SQLException {
        try (var rs = sql.executeQuery("SELECT SELECTIVITY FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'T' AND COLUMN_NAME = 'TOWN'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** 2,000 rows of 1 KB, then 20,000 updates of rows picked at random, each in a commit of its own; the file's size at the end. */
    private long churn(Path base, boolean housekeeping) throws Exception {
        JdbcDataSource h2 = dataSource(base);
        H2Store store = store(h2, java.time.Duration.ZERO);
        java.util.Random random = new java.util.Random(42);
        try (Connection connection = h2.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE t (id INT PRIMARY KEY, body VARCHAR(4000))");
            try (PreparedStatement merge = connection.prepareStatement("MERGE INTO t KEY (id) VALUES (?, ?)")) {
                for (int n = 0; n < 22_000; n++) {
                    merge.setInt(1, n < 2_000 ? n : random.nextInt(2_000));
                    merge.setString(2, ("change " + n + " ").repeat(80));
                    merge.executeUpdate();
                    if (housekeeping && n % 50 == 0) {
                        store.compact();
                    }
                }
            }
            return Files.size(Path.of(base + ".mv.db"));
        }
    }

    private static JdbcDataSource dataSource(Path base) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + base.toAbsolutePath() + ";WRITE_DELAY=0;RETENTION_TIME=0;MAX_COMPACT_TIME=0");
        h2.setUser("sa");
        h2.setPassword("");
        return h2;
    }

    private static H2Store store(JdbcDataSource h2, java.time.Duration idle) {
        return new H2Store(h2, idle, idle, BUSY, PASS, SHARE, System::nanoTime);
    }
}
