package io.leadbridge.support;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole bridge on its embedded broker and database, behind a real HTTP server on a random
 * port, with its data in a folder of its own under target/test-data.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bridge.api-keys.smart-grid=" + BridgeTest.SMART_GRID_KEY,
        "bridge.api-keys.ops=" + BridgeTest.OPS_KEY,
        "bridge.api-keys.HEALTH=" + BridgeTest.HEALTH_KEY,
        "bridge.api-keys.CULTURE=" + BridgeTest.CULTURE_KEY,
        "bridge.api-keys.AMR=" + BridgeTest.AMR_KEY,
        "bridge.status.enabled=false",
        "bridge.intake.poll.enabled=false",
        "bridge.intake.file.enabled=true",
        "bridge.dispatch.redelivery-delay=100",
        "bridge.dispatch.maximum-redelivery-delay=400",
        "bridge.dispatch.max-redeliveries=3",
        "bridge.dispatch.sweep-period=2000",
        "bridge.dispatch.circuit.open-for=1s",
        "bridge.broker.redelivery-delay-ms=100",
        "bridge.catalogue.check-period=500",
        "bridge.console.users.admin.password=" + BridgeTest.PASSWORD_HASH,
        "bridge.console.users.admin.role=CITY_ADMIN",
        "bridge.console.users.humen.password=" + BridgeTest.PASSWORD_HASH,
        "bridge.console.users.humen.role=TOWN_COORDINATOR",
        "bridge.console.users.humen.town=" + BridgeTest.HUMEN,
        "bridge.console.users.humen.name=虎门镇统筹办",
        "bridge.console.users.auditor.password=" + BridgeTest.PASSWORD_HASH,
        "bridge.console.users.auditor.role=AUDITOR",
        "bridge.console.users.locky.password=" + BridgeTest.PASSWORD_HASH,
        "bridge.console.users.locky.role=AUDITOR",
        // the samples' photos point to sgs.example.invalid: shown from the demo's generated pictures, as in the demo
        "bridge.demo.photos=true",
        "bridge.console.photos.hosts=https://photos.example.test",
        "bridge.console.photos.rewrite[0].from=https://sgs.example.invalid/att/",
        "bridge.console.photos.rewrite[0].to=/demo/photos/",
})
@ContextConfiguration(initializers = TestDataDir.class)
public @interface BridgeTest {
    String SMART_GRID_KEY = "test-smart-grid-key";
    String OPS_KEY = "test-ops-key";
    String HEALTH_KEY = "test-health-key";
    String CULTURE_KEY = "test-culture-key";
    String AMR_KEY = "test-amr-key";
    /** Every test console user's password is "test-pass". */
    String PASSWORD = "test-pass";
    String PASSWORD_HASH = "{bcrypt}$2a$10$hv0L7E1rJ83kacMhtbe1G.ZtyrDX4I3V8GEc6jYPgs7Ol7Wl6lAJm";
    /** 虎门镇 */
    String HUMEN = "441900121";
}
