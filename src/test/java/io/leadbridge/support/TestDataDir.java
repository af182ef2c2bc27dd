package io.leadbridge.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test application context a data folder of its own: broker journal, database, inbox.
 * With {@code -Dbridge.test.postgres=jdbc:postgresql://host/db} (the {@code postgres} Maven profile),
 * the database is instead a schema of its own in that PostgreSQL database; with
 * {@code -Dbridge.test.broker=tcp://host:port}, the broker is that standalone one, emptied first.
 */
public class TestDataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    /** The test H2 files' password (outside the demo the bridge refuses an empty one). */
    public static final String H2_PASSWORD = "test-db-password";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String dir = "./target/test-data/" + UUID.randomUUID();
        Map<String, Object> settings = new HashMap<>(Map.of("bridge.data-dir", dir, "spring.datasource.password", H2_PASSWORD));
        settings.putAll(Postgres.freshSchemaSettings());
        settings.putAll(StandaloneBroker.freshBrokerSettings());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-data-dir", settings));
    }
}
