package io.leadbridge.storage;

import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The data folder's disk watch, with the levels set by the test (no disk is filled): below the
 * warning level the health is DEGRADED; below the stop level a push is answered 503 with
 * Retry-After and the queue and batch-file routes are suspended; with space back, all resumes.
 */
@BridgeTest
@DirtiesContext
class DataDiskTest {

    @Autowired
    DataDisk disk;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;
    @org.springframework.beans.factory.annotation.Value("${bridge.data-dir}")
    Path dataDir;
    @LocalServerPort
    int port;

    @AfterEach
    void roomAgain() throws Exception {
        disk.levels(0, 0);
        disk.check();
    }

    @Test
    void sizesAndFreeBytesAreMeasured() throws Exception {
        disk.check();
        // on /actuator/prometheus as bridge_data_bytes{store} and bridge_data_disk_free_bytes (MetricsTest);
        // on PostgreSQL or a standalone broker (CI's second run) that store is elsewhere and counts 0 here
        for (String store : new String[]{"database", "journal"}) {
            double bytes = meters.get("bridge.data.bytes").tag("store", store).gauge().value();
            Path folder = dataDir.resolve(store.equals("database") ? "db" : "artemis");
            if (Files.isDirectory(folder)) {
                assertThat(bytes).as(store + " in " + folder).isEqualTo(DataDisk.size(folder), org.assertj.core.data.Offset.offset(64.0 * 1024 * 1024));
                assertThat(bytes).as(store).isPositive();
            } else {
                assertThat(bytes).as(store + " kept elsewhere").isZero();
            }
        }
        assertThat(meters.get("bridge.data.disk.free").gauge().value()).isPositive();
    }

    @Test
    void belowTheWarningLevelTheHealthIsDegradedAndIntakeGoesOn() throws Exception {
        Api api = new Api(port);
        long free = disk.reading().free();
        disk.levels(free + (1L << 40), 0);
        disk.check();

        var health = api.get("/actuator/health").json();
        assertThat(health.path("components").path("dataDisk").path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.path("components").path("dataDisk").path("details").path("intakePaused").asBoolean()).isFalse();
        assertThat(api.push(Leads.routedTo("AMR").toString()).status()).isEqualTo(202);
    }

    @Test
    void belowTheStopLevelIntakePausesAndResumesWhenSpaceReturns() throws Exception {
        Api api = new Api(port);
        long beyond = disk.reading().free() + (1L << 40);
        disk.levels(beyond, beyond);
        disk.check();

        Api.Answer refused = api.push(Leads.routedTo("AMR").toString());
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).as("Retry-After").isEqualTo("60");
        assertThat(refused.json().path("detail").asText()).contains("disk is nearly full");
        assertThat(camel.getRouteController().getRouteStatus("intake-queue")).isEqualTo(ServiceStatus.Suspended);
        assertThat(camel.getRouteController().getRouteStatus("intake-file")).isEqualTo(ServiceStatus.Suspended);
        assertThat(api.get("/actuator/health").json().path("components").path("dataDisk").path("details").path("intakePaused")
                .asBoolean()).isTrue();

        disk.levels(0, 0);
        disk.check();

        assertThat(camel.getRouteController().getRouteStatus("intake-queue")).isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRouteController().getRouteStatus("intake-file")).isEqualTo(ServiceStatus.Started);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.push(Leads.routedTo("AMR").toString()).status() == 202);
    }

    @Test
    void theLevelsCountAboveTheBrokersFloor() {
        // 90 % max-disk-usage: the broker blocks below a tenth of the disk free
        assertThat(disk.brokerFloor(1_000_000_000L)).isEqualTo(100_000_000L);
    }
}
