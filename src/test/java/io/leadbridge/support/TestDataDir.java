package io.leadbridge.support;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;
import java.util.UUID;

/** Gives each test application context a data folder of its own: broker journal, database, inbox. */
public class TestDataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String dir = "./target/test-data/" + UUID.randomUUID();
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test-data-dir", Map.of("bridge.data-dir", dir)));
    }
}
