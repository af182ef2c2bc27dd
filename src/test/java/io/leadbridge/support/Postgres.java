package io.leadbridge.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL the tests run against when {@code bridge.test.postgres} names one (the
 * {@code postgres} Maven profile, which .ci/run uses after starting PostgreSQL 15): each caller
 * gets a schema of its own, so test contexts and bridge processes start from an empty database.
 */
public final class Postgres {

    public static final String URL = System.getProperty("bridge.test.postgres", "");
    static final String USER = System.getProperty("bridge.test.postgres.user", "leadbridge");
    static final String PASSWORD = System.getProperty("bridge.test.postgres.password", "leadbridge");

    private Postgres() {
    }

    public static boolean enabled() {
        return !URL.isBlank();
    }

    /** Spring settings for a new, empty schema; none when the tests run on H2. */
    public static Map<String, Object> freshSchemaSettings() {
        if (!enabled()) {
            return Map.of();
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            connection.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make a schema in " + URL + ": " + e.getMessage(), e);
        }
        return Map.of("spring.datasource.url", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "spring.datasource.username", USER, "spring.datasource.password", PASSWORD);
    }

    /** The same settings as command-line arguments, for a bridge started as a process of its own. */
    public static List<String> freshSchemaArgs() {
        return freshSchemaSettings().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }
}
