package io.leadbridge.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak, small, as CI runs it: 4,000 leads the whole way (routed, dispatched, signed for, in
 * progress, closed, every status taken by Smart-Grid) and 400 more after a restart, on the default
 * profile (embedded H2 and Artemis), the disk sampled every two seconds. Fails if H2 reported a
 * store error, or if its file was ever more than {@link #BOUND} times its live size (a copy after
 * SHUTDOWN COMPACT) at the end, or its folder more than one live size beyond that: the compaction at a
 * start or stop writes its compacted copy beside the file, which the disk must hold too.
 *
 * <p>The goal is 3. The running file carries a part that does not grow with the ledger (about a
 * second of commits waiting out H2's retention, and the chunks not yet rewritten), so the ratio falls as
 * the ledger grows (1.84 at 55,000 leads, docs/performance.md). With 2,000 + 200 leads it gave 3.4 to 4.0
 * on this machine and 4.14 on the project's CI, whose run failed when the folder, caught with the
 * compaction's copy at the stop (52.4 MB beside a 43.5 MB file, 10.5 MB live), was taken for the file; with
 * 4,000 + 400 it gives 2.70 to 3.06 here and 2.78 in a clean-clone CI run, for about 50 s more. The bound leaves room for a slower machine and fails if
 * the housekeeping or the compressed pages go (11.3 with plain pages at 2,200 leads, 75 and growing without
 * the housekeeping; docs/architecture.md, "The ledger on disk"). The long soaks are harness runs in
 * docs/performance.md.
 */
class SoakSmokeTest {

    static final double BOUND = 4.5;

    @Test
    void theDatabaseFileStaysNearItsLiveSizeAndUndamaged() throws Exception {
        Path out = Path.of("target/soak-smoke-" + UUID.randomUUID()).toAbsolutePath();
        Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadHarness.class.getName(),
                "--soak", "4000", "--steady-rate", "40", "--sample-seconds", "2", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(Files.createDirectories(out).resolve("harness.log").toFile()).start();
        assertThat(harness.waitFor(10, TimeUnit.MINUTES)).as("the soak finished").isTrue();
        String log = Files.readString(out.resolve("harness.log"));
        assertThat(harness.exitValue()).as(log.substring(Math.max(0, log.length() - 20_000))).isZero();

        List<String> csv = Files.readAllLines(out.resolve("soak-latest.csv"));
        assertThat(csv.get(0)).startsWith("leads,statuses,database_max_bytes,database_end_bytes,live_bytes,ratio_max_to_live");
        String[] figures = csv.get(1).split(",");
        assertThat(Long.parseLong(figures[0])).as("leads the whole way").isEqualTo(4400);
        String samples = Files.readString(out.resolve("soak-samples.csv"));
        long live = Long.parseLong(figures[4]);
        assertThat(Double.parseDouble(figures[5])).as("largest H2 file ÷ live size; samples: %s", samples).isLessThanOrEqualTo(BOUND);
        assertThat(Long.parseLong(figures[9])).as("H2's folder at its largest (the file and a compaction's copy); samples: %s", samples)
                .isLessThanOrEqualTo((long) ((BOUND + 1) * live));
        // the broker's folder once the queues drained: its floor (the journal file in use, two kept for reuse, the bindings)
        assertThat(Long.parseLong(figures[8])).as("broker's folder, drained").isLessThanOrEqualTo(32L << 20);
    }
}
