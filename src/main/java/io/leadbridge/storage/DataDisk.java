package io.leadbridge.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The data folder's disk, watched (timer route {@code data-watch}): what each store keeps there
 * ({@code bridge_data_bytes{store="database|journal|inbox"}}) and the disk's free bytes
 * ({@code bridge_data_disk_free_bytes}). Below {@code warn-free} the health is DEGRADED; below
 * {@code stop-free} intake pauses: a push answers 503 with Retry-After, the queue, poll and batch-file
 * routes are suspended (what waits stays where it is: on the broker, at Smart-Grid, in the inbox). It
 * all resumes by itself once the free bytes are back above {@code stop-free}.
 *
 * <p>Both levels count above the broker's own floor: Artemis blocks every sender once the disk is
 * more than {@code bridge.broker.max-disk-usage} per cent full, so a level of 1 GB on a 100 GB disk
 * at 90 % means 11 GB free. The bridge thus stops taking leads in while the broker can still take
 * the cases, feedback and statuses of what it has.
 */
@Component("dataDisk")
public class DataDisk implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "the data folder's disk is running out of space");
    /** The routes that take leads in, suspended while the disk is below the stop level. */
    static final List<String> INTAKE_ROUTES = List.of("intake-queue", "intake-poll", "intake-file");

    private static final Logger LOG = LoggerFactory.getLogger(DataDisk.class);

    private final Path dataDir;
    private final CamelContext camel;
    private final int brokerMaxDiskUsage;
    private final Map<String, Path> stores;
    private volatile long warnFree;
    private volatile long stopFree;
    private volatile Reading last;
    private volatile boolean paused;

    /** One look at the disk. */
    public record Reading(long total, long free, Map<String, Long> stores) {
    }

    public DataDisk(@Value("${bridge.data-dir}") Path dataDir, CamelContext camel, MeterRegistry meters,
                    @Value("${bridge.broker.max-disk-usage:90}") int brokerMaxDiskUsage,
                    @Value("${bridge.storage.disk.warn-free:2GB}") DataSize warnFree,
                    @Value("${bridge.storage.disk.stop-free:1GB}") DataSize stopFree) {
        this.dataDir = dataDir;
        this.camel = camel;
        this.brokerMaxDiskUsage = brokerMaxDiskUsage;
        this.stores = Map.of("database", dataDir.resolve("db"), "journal", dataDir.resolve("artemis"), "inbox", dataDir.resolve("inbox"));
        levels(warnFree.toBytes(), stopFree.toBytes());
        for (String store : stores.keySet()) {
            Gauge.builder("bridge.data.bytes", () -> reading().stores().get(store)).tag("store", store)
                    .description("bytes the bridge keeps in its data folder, by store").baseUnit("bytes").register(meters);
        }
        Gauge.builder("bridge.data.disk.free", () -> reading().free()).baseUnit("bytes")
                .description("free bytes of the data folder's disk").register(meters);
    }

    /** Sets the two levels of free bytes (above the broker's floor); config gives them at start. */
    public void levels(long warn, long stop) {
        if (stop > warn) {
            throw new IllegalArgumentException("bridge.storage.disk: stop-free (" + stop + ") must not be above warn-free (" + warn + ")");
        }
        this.warnFree = warn;
        this.stopFree = stop;
    }

    /** The timer's step: reads the disk, pauses or resumes intake. */
    public void check() throws Exception {
        Reading now = read();
        last = now;
        long floor = brokerFloor(now.total());
        boolean stop = now.free() < floor + stopFree;
        if (stop && !paused) {
            paused = true;
            LOG.error("data folder's disk has {} MB free, below the stop level ({} MB above the broker's floor of {} MB): intake paused",
                    now.free() >> 20, stopFree >> 20, floor >> 20);
            for (String id : INTAKE_ROUTES) {
                if (camel.getRoute(id) != null && camel.getRouteController().getRouteStatus(id).isStarted()) {
                    camel.getRouteController().suspendRoute(id);
                }
            }
        } else if (!stop && paused) {
            paused = false;
            LOG.warn("data folder's disk has {} MB free again: intake resumed", now.free() >> 20);
            for (String id : INTAKE_ROUTES) {
                if (camel.getRoute(id) != null && camel.getRouteController().getRouteStatus(id).isSuspended()) {
                    camel.getRouteController().resumeRoute(id);
                }
            }
        }
    }

    /** True while intake is paused for want of disk: a push is then answered 503. */
    public boolean intakePaused() {
        return paused;
    }

    @Override
    public Health health() {
        Reading now = reading();
        long floor = brokerFloor(now.total());
        Health.Builder health = now.free() < floor + warnFree ? Health.status(DEGRADED) : Health.up();
        return health.withDetail("free", now.free()).withDetail("total", now.total()).withDetail("stores", now.stores())
                .withDetail("warnBelow", floor + warnFree).withDetail("intakePausedBelow", floor + stopFree)
                .withDetail("intakePaused", paused).build();
    }

    /** The latest reading; a fresh one before the first check. */
    Reading reading() {
        Reading r = last;
        return r != null ? r : (last = read());
    }

    /** Free bytes below which the broker blocks its senders. */
    long brokerFloor(long total) {
        return total / 100 * (100 - brokerMaxDiskUsage);
    }

    private Reading read() {
        try {
            Files.createDirectories(dataDir);
            var disk = Files.getFileStore(dataDir);
            Map<String, Long> sizes = new java.util.TreeMap<>();
            stores.forEach((name, folder) -> sizes.put(name, size(folder)));
            return new Reading(disk.getTotalSpace(), disk.getUsableSpace(), sizes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the data folder's disk " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Bytes of the regular files under a folder; 0 when it does not exist. */
    public static long size(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.mapToLong(f -> {
                try {
                    return Files.isRegularFile(f) ? Files.size(f) : 0;
                } catch (IOException e) {
                    return 0; // gone between the listing and the look
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
