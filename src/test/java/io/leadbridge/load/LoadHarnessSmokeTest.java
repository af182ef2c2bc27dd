package io.leadbridge.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load harness, run briefly as CI does: a process of its own (as `mvn -Pload` starts it) with a
 * few hundred leads per way in. Asserts only that it completes and reports every run, nothing lost;
 * the figures themselves belong in docs/performance.md, from a full run.
 */
class LoadHarnessSmokeTest {

    @Test
    void completesAndReportsEveryRun() throws Exception {
        Path out = Path.of("target/load-smoke-" + UUID.randomUUID()).toAbsolutePath();
        Process harness = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LoadHarness.class.getName(),
                "--leads", "300", "--modes", "raw,push,repush,queue,requeue,file,steady", "--raw-messages", "300", "--warmup", "100", "--jit-rounds", "1", "--steady-rate", "50", "--steady-seconds", "2", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(Files.createDirectories(out).resolve("harness.log").toFile()).start();
        assertThat(harness.waitFor(5, TimeUnit.MINUTES)).as("the harness finished").isTrue();
        String log = Files.readString(out.resolve("harness.log"));
        assertThat(harness.exitValue()).as(log).isZero();

        List<String> csv = Files.readAllLines(out.resolve("load-latest.csv"));
        assertThat(csv.get(0)).startsWith("run,items,seconds,per_second,ratio_to_broker_transacted,p50_ms,p99_ms");
        assertThat(csv.subList(1, csv.size())).extracting(line -> line.split(",")[0]).containsExactly("broker transacted",
                "broker async", "push (16 clients)", "push again: DUPLICATE (16 clients)", "queue (4 producers)",
                "queue again: DUPLICATE (4 producers)", "batch file", "steady push 50/s");
        assertThat(csv.subList(1, csv.size())).as("nothing lost").allSatisfy(line -> assertThat(line.split(",")[8]).isEqualTo("0"));
        assertThat(log).contains("| run | items | seconds | per second | ÷ broker transacted |");
        assertThat(log).as("a steady round before the steady run, the JIT's time beside it")
                .containsPattern("warm-up \\(not reported\\): steady push 50/s: .*, JIT compiling [\\d.]+ s");
        assertThat(log).as("H2's writes, reads and cache beside each run").containsPattern("H2 wrote [\\d,]+ times, .* read [\\d,]+ times, .* cache \\d+% hits of \\d+ MB");
    }

    @Test
    void measuresEveryShapeOfTheLedger() throws Exception {
        List<LedgerShapes.Figures> shapes = LedgerShapes.run(200, Path.of("target/shapes-smoke-" + UUID.randomUUID()));

        assertThat(shapes).extracting(f -> f.shape().name()).containsExactly("wide", "narrow", "wide-4", "narrow-4", "wide");
        assertThat(shapes).allSatisfy(f -> {
            assertThat(f.bytes()).as("H2 wrote").isPositive();
            assertThat(f.liveBytes()).as("live size").isPositive();
        });
        // what the figures in docs/performance.md rest on: a lead writes a page in each B-tree it touches
        assertThat(shapes.get(2).bytes()).as("four indexes against eleven").isLessThan(shapes.get(0).bytes());
    }
}
