package io.leadbridge.config;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * On H2, after Flyway has run at start: every identity column goes on from its table's highest id.
 * H2 keeps the next values of its identity sequences in a cache written lazily; after a kill -9 it
 * could hand out ids that committed rows already had (found by CrashTest: a delivered case failed
 * to record its status). Restarting each identity above the highest committed id at every start
 * removes that, and keeps the cache, whose absence (V9) cost two thirds of the batch-file rate.
 * PostgreSQL logs its sequences ahead (a crash leaves a gap, never a repeat): nothing to do there.
 */
@Component
public class H2IdentityRepair implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(H2IdentityRepair.class);

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            Connection connection = context.getConnection();
            if (connection.getMetaData().getDatabaseProductName().startsWith("H2")) {
                repair(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the identity columns on from their highest ids: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "h2-identity-repair";
    }

    /** Restarts every identity column of the current schema at its table's highest id + 1. */
    public static void repair(Connection connection) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS"
                     + " WHERE IS_IDENTITY = 'YES' AND TABLE_SCHEMA = CURRENT_SCHEMA")) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] column : columns) {
            String table = '"' + column[0] + '"';
            String id = '"' + column[1] + '"';
            try (Statement statement = connection.createStatement()) {
                long next;
                try (ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(" + id + "), 0) + 1 FROM " + table)) {
                    rs.next();
                    next = rs.getLong(1);
                }
                statement.execute("ALTER TABLE " + table + " ALTER COLUMN " + id + " RESTART WITH " + next);
            }
        }
        LOG.info("H2: {} identity columns go on from their tables' highest ids", columns.size());
    }
}
