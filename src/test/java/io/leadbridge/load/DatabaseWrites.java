package io.leadbridge.load;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What H2 wrote to its file during a run (its own counters, INFORMATION_SCHEMA.SETTINGS info.FILE_WRITE*):
 * the write amplification of a lead; and what it read (info.FILE_READ*: pages not in its cache, each
 * decompressed) with its page cache's hit ratio and size at the end. Says nothing on another database.
 */
final class DatabaseWrites {

    static final List<String> COUNTERS = List.of("info.FILE_WRITE", "info.FILE_WRITE_BYTES", "info.FILE_SIZE",
            "info.FILE_READ", "info.FILE_READ_BYTES", "info.CACHE_HIT_RATIO", "info.CACHE_MAX_SIZE");

    private final DataSource dataSource;
    private Map<String, Long> last;
    /** The bytes written by the previous call of {@link #settled}. */
    private long polled = -1;

    DatabaseWrites(DataSource dataSource) {
        this.dataSource = dataSource;
        this.last = read();
    }

    /** ", H2 wrote N times, M MB (file F MB), read R times, B MB, cache H% hits of C MB" since the last call; empty when not on H2. */
    String since() {
        Map<String, Long> now = read();
        if (now.isEmpty() || last.isEmpty()) {
            return "";
        }
        long writes = now.get("info.FILE_WRITE") - last.get("info.FILE_WRITE");
        long bytes = now.get("info.FILE_WRITE_BYTES") - last.get("info.FILE_WRITE_BYTES");
        long reads = now.get("info.FILE_READ") - last.get("info.FILE_READ");
        long readBytes = now.get("info.FILE_READ_BYTES") - last.get("info.FILE_READ_BYTES");
        last = now;
        return String.format(", H2 wrote %,d times, %,d MB (file %,d MB), read %,d times, %,d MB, cache %d%% hits of %,d MB", writes,
                bytes >> 20, now.get("info.FILE_SIZE") >> 20, reads, readBytes >> 20, now.get("info.CACHE_HIT_RATIO"),
                now.get("info.CACHE_MAX_SIZE"));
    }

    /**
     * True when H2 wrote less than {@code bytes} since the previous call (called at a fixed interval: the bridge has
     * settled, the work of the run before is done); always true on another database.
     */
    boolean settled(long bytes) {
        Map<String, Long> now = read();
        if (now.isEmpty()) {
            return true;
        }
        long written = now.get("info.FILE_WRITE_BYTES");
        boolean settled = polled >= 0 && written - polled < bytes;
        polled = written;
        return settled;
    }

    private Map<String, Long> read() {
        try (Connection connection = dataSource.getConnection()) {
            return counters(connection);
        } catch (SQLException e) {
            return Map.of();
        }
    }

    /** H2's file and cache counters ({@link #COUNTERS}) on this connection; empty when not on H2. */
    static Map<String, Long> counters(Connection connection) {
        Map<String, Long> values = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            if (!connection.getMetaData().getDatabaseProductName().equals("H2")) {
                return values;
            }
            try (ResultSet rs = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('" + String.join("', '", COUNTERS) + "')")) {
                while (rs.next()) {
                    values.put(rs.getString(1), Long.parseLong(rs.getString(2)));
                }
            }
        } catch (SQLException | NumberFormatException e) {
            values.clear();
        }
        return values.size() == COUNTERS.size() ? values : Map.of();
    }
}
