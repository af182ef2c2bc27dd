package io.leadbridge.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 file compacted whole ({@code SHUTDOWN COMPACT}) when the bridge starts and when it stops cleanly, if
 * less than {@code bridge.storage.h2.compact-below} per cent of it is live data (file fill rate × chunk fill rate,
 * H2's own figures): at start before the connection pool opens it, at a clean stop after everything that writes to it
 * has stopped (the data source is the last bean to go). So a restart gives back what the running file kept as holes
 * (H2Store keeps those bounded while it runs). About a second per 50 MB of live data; a kill during it leaves the
 * file as it was (H2 writes the compacted copy aside and then swaps it in). 0 switches it off. Nothing on PostgreSQL.
 */
@Component
public class H2FileCompaction implements DestructionAwareBeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(H2FileCompaction.class);

    private final int below;

    public H2FileCompaction(@Value("${bridge.storage.h2.compact-below:50}") int below) {
        this.below = below;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        HikariDataSource hikari = h2File(bean);
        if (hikari != null) {
            try (Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword())) {
                compactIfSparse(connection, "at start");
            } catch (SQLException e) {
                LOG.warn("H2 file not compacted at start: {}", e.toString());
            }
        }
        return bean;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        HikariDataSource hikari = h2File(bean);
        if (hikari != null && !hikari.isClosed()) {
            try {
                Connection connection = hikari.getConnection();
                if (compactIfSparse(connection, "at stop")) {
                    hikari.evictConnection(connection); // the database is shut: the pool must not reset this connection
                } else {
                    connection.close();
                }
            } catch (SQLException e) {
                LOG.warn("H2 file not compacted at stop: {}", e.toString());
            }
        }
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return h2File(bean) != null;
    }

    private HikariDataSource h2File(Object bean) {
        return below > 0 && bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().startsWith("jdbc:h2:file:") ? hikari : null;
    }

    /** SHUTDOWN COMPACT when less than the level is live: the database closes, its file rewritten; true when it did. */
    boolean compactIfSparse(Connection connection, String when) throws SQLException {
        String url = connection.getMetaData().getURL();
        Path file = Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0] + ".mv.db");
        try (Statement statement = connection.createStatement()) {
            int fill = 100;
            int chunks = 100;
            try (ResultSet rs = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE')")) {
                while (rs.next()) {
                    int value = Integer.parseInt(rs.getString(2));
                    if (rs.getString(1).equals("info.FILL_RATE")) {
                        fill = value;
                    } else {
                        chunks = value;
                    }
                }
            }
            int live = fill * chunks / 100;
            if (live >= below || !Files.exists(file)) {
                return false;
            }
            long before = Files.size(file);
            long start = System.nanoTime();
            statement.execute("SHUTDOWN COMPACT");
            LOG.info("H2 file compacted {}: {} MB -> {} MB in {} ms ({}% of it was live data)", when, before >> 20,
                    Files.size(file) >> 20, (System.nanoTime() - start) / 1_000_000, live);
            return true;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("H2 file not compacted {}: {}", when, e.toString());
            return false;
        }
    }
}
