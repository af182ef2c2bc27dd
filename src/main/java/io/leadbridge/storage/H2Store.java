package io.leadbridge.storage;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the embedded H2 file near its live size while the bridge runs (docs/architecture.md, "The
 * ledger on disk"). With WRITE_DELAY=0 (every commit written before it returns, so kill -9 loses
 * nothing answered) H2 writes a new chunk per commit and never starts its background writer, whose
 * housekeeping is what rewrites half-empty chunks and moves chunks into the holes to shrink the
 * file: the file grew to about 100 times its live data. This runs H2's rewrite step from the timer route
 * {@code h2-compact}, as H2's background step runs it: the chunks whose fill is below the average of those old enough
 * (H2's own choice, {@code FileStore.rewriteChunks} with H2's target) have their live pages written anew, so those chunks
 * are freed and new chunks fill the holes. A pass rewrites {@code bridge.storage.h2.pass-share} (a half) of what the
 * others wrote since the last one, at least {@code bridge.storage.h2.pass-bytes} (1 MB) and at most what H2's own busy
 * step rewrites (a quarter of its auto-commit memory, about 5 MB at a 512 MB heap): a fixed 1 MB a pass kept steady
 * pushes quick, but under a backlog the file grew to four times its live data, the rewrite freeing less than the
 * commits wrote (docs/performance.md, "The backlog"). The methods are
 * package-private or protected, hence reflection; H2StoreTest pins that they are there. (The public
 * {@code MVStore.compact} ranks every chunk by fill and age, so on a file of any age it rewrote old, full chunks and the
 * file grew under a batch file: 472 MB after 36,000 leads against 312 MB.) A pass holds H2's store lock, so commits wait
 * for it: the bound is what a lead's commit may wait. Chunks are not moved while the bridge runs: H2's background step
 * (which this class called until it was measured) also moves chunks to shrink the file, twice its auto-commit memory at
 * a time (38 MB at a 512 MB heap), and at a steady 100 leads/s held every commit for 160-280 ms every few seconds and
 * wrote the whole file again each time (docs/performance.md, "Steady pushes"); its move of small amounts trips an
 * assertion of H2 2.3.232 (h2database#4086, fixed after 2.4.240). The file is shrunk at start and at a clean stop
 * ({@link H2FileCompaction}).
 *
 * <p>A pass runs every {@code compact-period} only while the store is busy: at least
 * {@code bridge.storage.h2.busy-bytes} written by others since the last pass (H2's own count of bytes
 * written). Less than that (an idle bridge, or one whose only writes are the timers' occasional commits, as
 * during a Smart-Grid outage), a pass only every {@code bridge.storage.h2.idle-compact-period}, and none at all
 * once nothing was written since a pass that itself wrote nothing (H2 found nothing left to do). While the store stays
 * idle the wait doubles after each such pass, up to {@code bridge.storage.h2.idle-compact-max-period}: on a ledger of
 * a million leads H2 found chunks to rewrite at every idle pass for as long as it was watched (a quarter of an hour,
 * 7 % of a core), and an idle file does not grow. H2's step
 * counts the timers' reads and small commits as activity and otherwise kept rewriting (and, with compressed
 * pages, compressing) chunks five times a second: 7.9 % of a core of an idle bridge at 100,000 leads.
 *
 * <p>Should an H2 upgrade remove those methods, it falls back to the public {@code MVStore.compact} and says so once
 * in the log. On another database, or H2 in memory, it does nothing.
 */
@Component("h2Store")
public class H2Store {

    private static final Logger LOG = LoggerFactory.getLogger(H2Store.class);
    /** H2's fill target (its AUTO_COMPACT_FILL_RATE, default 90); while busy H2 aims at its square. */
    private static final int TARGET = 90;
    private static final int BUSY_TARGET = TARGET * TARGET / 100;
    /** H2's rewrite step and what it needs: null when this H2 has not got them (then the public compact). */
    private static final H2Steps STEPS = H2Steps.find();

    private final DataSource dataSource;
    private final long idlePeriodNanos;
    private final long idleMaxNanos;
    private final long busyBytes;
    /** The least a pass may rewrite, and its share of what the others wrote since the last pass. */
    private final int passBytes;
    private final double passShare;
    private final java.util.function.LongSupplier nanoTime;
    /** The wait before the next pass while the store is not busy: doubles after each such pass, up to the maximum. */
    private long idleWaitNanos;
    /** H2's count of bytes written after the last pass (-1: none yet), what that pass wrote, and when it ran. */
    private long writtenAfterPass = -1;
    private long writtenByPass;
    private long lastPassAt;
    private long passes;
    private boolean notAnH2File;
    /** The last row change at the last ANALYZE (-1: none yet), and how many ran. */
    private long changedAtAnalysis = -1;
    private long analyses;

    @org.springframework.beans.factory.annotation.Autowired
    public H2Store(DataSource dataSource,
                   @org.springframework.beans.factory.annotation.Value("${bridge.storage.h2.idle-compact-period:5s}")
                   java.time.Duration idlePeriod,
                   @org.springframework.beans.factory.annotation.Value("${bridge.storage.h2.idle-compact-max-period:2m}")
                   java.time.Duration idleMaxPeriod,
                   @org.springframework.beans.factory.annotation.Value("${bridge.storage.h2.busy-bytes:1MB}")
                   org.springframework.util.unit.DataSize busyBytes,
                   @org.springframework.beans.factory.annotation.Value("${bridge.storage.h2.pass-bytes:1MB}")
                   org.springframework.util.unit.DataSize passBytes,
                   @org.springframework.beans.factory.annotation.Value("${bridge.storage.h2.pass-share:0.5}")
                   double passShare) {
        this(dataSource, idlePeriod, idleMaxPeriod, busyBytes, passBytes, passShare, System::nanoTime);
    }

    H2Store(DataSource dataSource, java.time.Duration idlePeriod, java.time.Duration idleMaxPeriod,
            org.springframework.util.unit.DataSize busyBytes, org.springframework.util.unit.DataSize passBytes, double passShare,
            java.util.function.LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.idlePeriodNanos = idlePeriod.toNanos();
        this.idleMaxNanos = Math.max(idlePeriodNanos, idleMaxPeriod.toNanos());
        this.idleWaitNanos = idlePeriodNanos;
        this.busyBytes = busyBytes.toBytes();
        this.passBytes = (int) Math.min(Integer.MAX_VALUE, passBytes.toBytes());
        this.passShare = passShare;
        this.nanoTime = nanoTime;
    }

    /** One housekeeping pass (or none while the store is not busy, see above); false when there is no H2 file here. */
    public synchronized boolean compact() {
        if (notAnH2File) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = store(connection);
            if (store == null) {
                // another database, or H2 in memory: nothing to keep, and no connection taken at every tick from now on
                notAnH2File = true;
                return false;
            }
            long now = nanoTime.getAsLong();
            long written = written(store);
            long since = written - writtenAfterPass;
            boolean first = writtenAfterPass < 0;
            boolean busy = since >= busyBytes;
            boolean idleDue = now - lastPassAt >= idleWaitNanos && (since > 0 || writtenByPass > 0);
            if (!first && !busy && !idleDue) {
                return true;
            }
            // busy: every tick, and the idle wait starts again from idle-compact-period; idle: the wait doubles
            idleWaitNanos = first || busy ? idlePeriodNanos : Math.min(idleWaitNanos * 2, idleMaxNanos);
            store.sync();
            long synced = nanoTime.getAsLong();
            long rewritten = housekeep(store, busy, budget(since, passBytes, passShare, store.getAutoCommitMemory() / 4));
            writtenAfterPass = written(store);
            writtenByPass = writtenAfterPass - written;
            if (LOG.isDebugEnabled()) {
                long end = nanoTime.getAsLong();
                LOG.debug("H2 housekeeping: sync {} ms, pass {} ms (rewrite {} ms, its commit {} ms), {} KB written by the pass,"
                                + " {} KB by others before it", (synced - now) / 1_000_000, (end - synced) / 1_000_000,
                        (rewritten - synced) / 1_000_000, (end - rewritten) / 1_000_000, writtenByPass >> 10, since >> 10);
            }
            lastPassAt = now;
            passes++;
            return true;
        } catch (SQLException | org.h2.message.DbException e) {
            // no connection now, or the database closed under the timer (H2's own hook at JVM exit): nothing to keep
            LOG.debug("H2 housekeeping skipped: {}", e.toString());
            return false;
        }
    }

    /**
     * H2's rewrite step as its background step runs it, at most pass-bytes, and the rewritten pages written here (not by
     * the next lead's commit): while busy, the chunks below the average fill of those old enough are rewritten when that
     * average is below 62 %; while idle, those below halfway to 100 % when it is below 90 %. Their old chunks are freed
     * once no reader needs them, and new chunks reuse the space. Returns when the rewrite ended (before its commit).
     */
    private long housekeep(MVStore store, boolean busy, int bytes) {
        boolean rewrote = STEPS == null ? store.compact(BUSY_TARGET, bytes) : STEPS.rewrite(store, busy, bytes);
        long rewritten = nanoTime.getAsLong();
        if (rewrote) {
            store.commit();
        }
        return rewritten;
    }

    /**
     * What a pass may rewrite: its share of what the others wrote since the last pass, so that under a backlog the rewrite
     * keeps up with the commits, at least {@code least} (a steady trickle still gets its half-empty chunks rewritten) and
     * at most {@code most} (H2's own busy step: a quarter of its auto-commit memory), which bounds a commit's wait.
     */
    static int budget(long writtenSince, int least, double share, int most) {
        long wanted = (long) (Math.max(0, writtenSince) * share);
        return (int) Math.max(least, Math.min(wanted, Math.max(least, most)));
    }

    /** H2's own rewrite step (package-private and protected methods of its FileStore and MVStore). */
    private record H2Steps(Method rewritableFillRate, Method rewriteChunks, Method underStoreLock) {

        static H2Steps find() {
            try {
                return new H2Steps(open(FileStore.class.getDeclaredMethod("getRewritableChunksFillRate")),
                        open(FileStore.class.getDeclaredMethod("rewriteChunks", int.class, int.class)),
                        open(MVStore.class.getDeclaredMethod("tryExecuteUnderStoreLock", java.util.concurrent.Callable.class)));
            } catch (NoSuchMethodException | RuntimeException e) {
                LOG.warn("this H2 has not got FileStore.rewriteChunks as 2.3.232 has: the file is compacted by MVStore.compact,"
                        + " which rewrites full chunks too ({})", e.toString());
                return null;
            }
        }

        private static Method open(Method method) {
            method.setAccessible(true);
            return method;
        }

        /** RandomAccessStore.doHousekeeping's rewrite, without its move of chunks: true when chunks were rewritten. */
        boolean rewrite(MVStore store, boolean busy, int bytes) {
            try {
                FileStore<?> file = store.getFileStore();
                int rewritable = (int) rewritableFillRate.invoke(file);
                int compared = busy ? 50 + rewritable / 2 : rewritable;
                if (compared >= (busy ? BUSY_TARGET : TARGET)) {
                    return false;
                }
                int target = busy ? rewritable : 50 + rewritable / 2;
                java.util.concurrent.Callable<Boolean> step = () -> {
                    boolean rewrote = (boolean) rewriteChunks.invoke(file, bytes, target);
                    if (rewrote) {
                        file.dropUnusedChunks();
                    }
                    return rewrote;
                };
                return Boolean.TRUE.equals(underStoreLock.invoke(store, step));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("H2 housekeeping failed: " + e, e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof InterruptedException) {
                    Thread.currentThread().interrupt(); // the bridge is stopping
                    return false;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("H2 housekeeping failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** H2's count of the bytes written to the file since it was opened (its public statistics; the getter is private). */
    private static long written(MVStore store) {
        long[] bytes = {0};
        store.getFileStore().populateInfo((name, value) -> {
            if ("info.FILE_WRITE_BYTES".equals(name)) {
                bytes[0] = Long.parseLong(value);
            }
        });
        return bytes[0];
    }

    /**
     * The tables' statistics for H2's planner ({@code ANALYZE}), when rows changed since the last time; false when
     * there is no H2 file here. The bridge opens H2 with {@code ANALYZE_AUTO=0}: H2's own automatic analysis runs at a
     * commit after the transaction has ended, so its scan holds no registered version of the store, and under load it
     * outlived the one-second retention and read a chunk the housekeeping had freed ("Chunk ... not found" on a
     * COMMIT). A statement registers the version it reads, so its chunks stay until it ends.
     */
    public synchronized boolean analyze() {
        if (notAnH2File) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (store(connection) == null) {
                notAnH2File = true;
                return false;
            }
            var database = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase();
            long changed = lastRowChange(database);
            if (changed != changedAtAnalysis) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
                changedAtAnalysis = changed;
                analyses++;
            }
            return true;
        } catch (SQLException | org.h2.message.DbException e) {
            LOG.debug("H2 statistics not updated: {}", e.toString());
            return false;
        }
    }

    /** H2's modification id of the last row change in any table (the database's own counter also moves when a session opens). */
    private static long lastRowChange(org.h2.engine.Database database) {
        long last = 0;
        for (var schema : database.getAllSchemasNoMeta()) {
            for (var table : schema.getAllTablesAndViews(null)) {
                if (table instanceof org.h2.mvstore.db.MVTable) {
                    last = Math.max(last, table.getMaxDataModificationId());
                }
            }
        }
        return last;
    }

    /** The analyses run so far (not the ticks skipped because nothing changed). */
    synchronized long analyses() {
        return analyses;
    }

    /** What the last pass wrote, by H2's count. */
    synchronized long lastPassBytes() {
        return writtenByPass;
    }

    /** The passes run so far (not those skipped). */
    synchronized long passes() {
        return passes;
    }

    /** True when the bridge's database is an H2 file that this maintains with H2's own rewrite step. */
    public boolean housekeeping() {
        try (Connection connection = dataSource.getConnection()) {
            return store(connection) != null && STEPS != null;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The MVStore behind an embedded H2 file connection; null for anything else. */
    static MVStore store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        var store = session.getDatabase().getStore();
        MVStore mvStore = store == null ? null : store.getMvStore();
        return mvStore == null || mvStore.getFileStore() == null || mvStore.getFileStore().isReadOnly() ? null : mvStore;
    }
}
