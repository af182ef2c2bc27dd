package io.leadbridge.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak, small, as CI runs it: 2,000 leads the whole way (routed, dispatched, signed for, in
 * progress, closed, every status taken by Smart-Grid) and 200 more after a restart, on the default
 * profile (embedded H2 and Artemis), the disk sampled every two seconds. Fails if H2 reported a
 * store error, or if its file was ever more than {@link #BOUND} times its live size (a copy after
 * SHUTDOWN COMPACT) at the end. The goal is 3; with H2 writing its pages compressed the run
 * gives 3.2 at this small size (11.3 with plain pages, 75 and growing before the housekeeping;
 * docs/architecture.md, "The ledger on disk"), and the ratio falls as the ledger grows: the bound
 * leaves room for the machine's noise and fails if either comes back. The long soaks are harness
 * runs in docs/performance.md.
 */
class SoakSmokeTest {

    static final double BOUND = 4.5;

    @Test
    void theDatabaseFileStaysNearItsLiveSizeAndUndamaged() throws Exception {
        Path out = Path.of("target/soak-smoke-" + UUID.randomUUID()).toAbsolutePath();
        Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadHarness.class.getName(),
                "--soak", "2000", "--steady-rate", "40", "--sample-seconds", "2", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(Files.createDirectories(out).resolve("harness.log").toFile()).start();
        assertThat(harness.waitFor(10, TimeUnit.MINUTES)).as("the soak finished").isTrue();
        String log = Files.readString(out.resolve("harness.log"));
        assertThat(harness.exitValue()).as(log.substring(Math.max(0, log.length() - 20_000))).isZero();

        List<String> csv = Files.readAllLines(out.resolve("soak-latest.csv"));
        assertThat(csv.get(0)).startsWith("leads,statuses,database_max_bytes,database_end_bytes,live_bytes,ratio_max_to_live");
        String[] figures = csv.get(1).split(",");
        assertThat(Long.parseLong(figures[0])).as("leads the whole way").isEqualTo(2200);
        assertThat(Double.parseDouble(figures[5])).as("largest H2 file ÷ live size; samples: %s",
                Files.readString(out.resolve("soak-samples.csv"))).isLessThanOrEqualTo(BOUND);
        // the broker's folder once the queues drained: its floor (the journal file in use, two kept for reuse, the bindings)
        assertThat(Long.parseLong(figures[8])).as("broker's folder, drained").isLessThanOrEqualTo(32L << 20);
    }
}
