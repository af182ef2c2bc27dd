package io.leadbridge.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak, small, as CI runs it: 3,000 leads the whole way (routed, dispatched, signed for, in
 * progress, closed, every status taken by Smart-Grid) and 300 more after a restart, on the default
 * profile (embedded H2 and Artemis), the disk sampled every two seconds. Fails if H2 reported a
 * store error, or if its file was ever more than {@link #BOUND} times its live size (a copy after
 * SHUTDOWN COMPACT) at the end (the 3), or its folder more than one live size beyond that: the
 * compaction at a start or stop writes its compacted copy beside the file, which the disk must hold too.
 *
 * <p>The running file carries a part that does not grow with the ledger (about a second of commits waiting
 * out H2's retention, and the chunks not yet rewritten), so the ratio is highest on a small ledger (1.84 at
 * 55,000 leads, docs/performance.md). At 2,000 + 200 leads it gave 3.4 to 4.0 until stop 36, when this test
 * moved to 4,000 + 400 at a bound of 4.5; since the feedback went in lots and the statuses due in one commit
 * (stops 39–41) 2,000 + 200 gives 2.26 to 2.84 here and gave 2.93 on the project's CI (stop 43): too near 3
 * for a test that must not fail by chance. 3,000 + 300 gives 2.29 and 2.30, 4,000 + 400 2.13 and 2.18, so it
 * runs 3,000 + 300 at the bound. It fails if the housekeeping, the compressed pages or the lots go
 * (at 2,200 leads: 11.3 with plain pages, 75 and growing without the housekeeping, 3.3 to 4.1 without the
 * feedback lots; docs/architecture.md, "The ledger on disk").
 * The long soaks are harness runs in docs/performance.md.
 */
class SoakSmokeTest {

    static final double BOUND = 3.0;

    @Test
    void theDatabaseFileStaysNearItsLiveSizeAndUndamaged() throws Exception {
        Path out = Path.of("target/soak-smoke-" + UUID.randomUUID()).toAbsolutePath();
        Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadHarness.class.getName(),
                "--soak", "3000", "--steady-rate", "40", "--sample-seconds", "2", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(Files.createDirectories(out).resolve("harness.log").toFile()).start();
        assertThat(harness.waitFor(10, TimeUnit.MINUTES)).as("the soak finished").isTrue();
        String log = Files.readString(out.resolve("harness.log"));
        assertThat(harness.exitValue()).as(log.substring(Math.max(0, log.length() - 20_000))).isZero();

        List<String> csv = Files.readAllLines(out.resolve("soak-latest.csv"));
        assertThat(csv.get(0)).startsWith("leads,statuses,database_max_bytes,database_end_bytes,live_bytes,ratio_max_to_live");
        String[] figures = csv.get(1).split(",");
        assertThat(Long.parseLong(figures[0])).as("leads the whole way").isEqualTo(3300);
        String samples = Files.readString(out.resolve("soak-samples.csv"));
        long live = Long.parseLong(figures[4]);
        assertThat(Double.parseDouble(figures[5])).as("largest H2 file ÷ live size; samples: %s", samples).isLessThanOrEqualTo(BOUND);
        assertThat(Long.parseLong(figures[9])).as("H2's folder at its largest (the file and a compaction's copy); samples: %s", samples)
                .isLessThanOrEqualTo((long) ((BOUND + 1) * live));
        // the broker's folder once the queues drained: its floor (the journal file in use, two kept for reuse, the bindings)
        assertThat(Long.parseLong(figures[8])).as("broker's folder, drained").isLessThanOrEqualTo(32L << 20);
    }
}
