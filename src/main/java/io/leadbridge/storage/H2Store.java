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
 * file: the file grew to about 100 times its live data. This runs that same housekeeping step
 * ({@code FileStore.writeInBackground}, H2's own, package-private, hence reflection) from the timer
 * route {@code h2-compact}. It takes H2's store lock only when it is free, so a busy moment skips a
 * pass rather than waits. Each pass first forces what was written to the disk.
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
 * <p>Should an H2 upgrade remove that method, it falls back to the public {@code MVStore.compact}
 * (chunk rewrites only, no file shrinking) and says so once in the log; H2StoreTest pins it.
 * On another database, or H2 in memory, it does nothing.
 */
@Component("h2Store")
public class H2Store {

    private static final Logger LOG = LoggerFactory.getLogger(H2Store.class);
    private static final Method HOUSEKEEPING = findHousekeeping();

    private final DataSource dataSource;
    private final long idlePeriodNanos;
    private final long idleMaxNanos;
    private final long busyBytes;
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
                   org.springframework.util.unit.DataSize busyBytes) {
        this(dataSource, idlePeriod, idleMaxPeriod, busyBytes, System::nanoTime);
    }

    H2Store(DataSource dataSource, java.time.Duration idlePeriod, java.time.Duration idleMaxPeriod,
            org.springframework.util.unit.DataSize busyBytes, java.util.function.LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.idlePeriodNanos = idlePeriod.toNanos();
        this.idleMaxNanos = Math.max(idlePeriodNanos, idleMaxPeriod.toNanos());
        this.idleWaitNanos = idlePeriodNanos;
        this.busyBytes = busyBytes.toBytes();
        this.nanoTime = nanoTime;
        if (HOUSEKEEPING == null) {
            LOG.warn("this H2 has no FileStore.writeInBackground: the file is compacted by MVStore.compact only, without shrinking");
        }
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
            if (HOUSEKEEPING != null) {
                HOUSEKEEPING.invoke(store.getFileStore());
            } else {
                store.compact(90, 4 << 20);
            }
            writtenAfterPass = written(store);
            writtenByPass = writtenAfterPass - written;
            lastPassAt = now;
            passes++;
            return true;
        } catch (SQLException | org.h2.message.DbException e) {
            // no connection now, or the database closed under the timer (H2's own hook at JVM exit): nothing to keep
            LOG.debug("H2 housekeeping skipped: {}", e.toString());
            return false;
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("H2 housekeeping failed: " + e, e);
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

    /** The passes run so far (not those skipped). */
    synchronized long passes() {
        return passes;
    }

    /** True when the bridge's database is an H2 file that this maintains with H2's own housekeeping. */
    public boolean housekeeping() {
        try (Connection connection = dataSource.getConnection()) {
            return store(connection) != null && HOUSEKEEPING != null;
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

    private static Method findHousekeeping() {
        try {
            Method method = FileStore.class.getDeclaredMethod("writeInBackground");
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }
}
