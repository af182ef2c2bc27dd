package io.leadbridge.reliability;

import io.leadbridge.support.BridgeProcess;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A standalone Apache Artemis 2.40 broker as a process of its own, made by .ci/broker from the
 * distribution on Maven Central, so a test can kill it and start it again on the same journal.
 */
final class ArtemisProcess {

    private final Path dir;
    private final int port;
    private Process process;
    private int starts;

    ArtemisProcess(Path dir) throws IOException, InterruptedException {
        this.dir = dir.toAbsolutePath();
        this.port = BridgeProcess.freePort();
        Files.createDirectories(this.dir.getParent());
        Process create = new ProcessBuilder("bash", ".ci/broker", "create", this.dir.toString(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(this.dir.resolveSibling("broker-create.log").toFile()).start();
        if (create.waitFor() != 0) {
            throw new IllegalStateException(".ci/broker create failed: " + Files.readString(this.dir.resolveSibling("broker-create.log")));
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts it and waits until it takes connections. */
    void start() throws IOException {
        process = new ProcessBuilder(dir.resolve("bin/artemis").toString(), "run").redirectErrorStream(true)
                .redirectOutput(dir.resolve("console-" + (++starts) + ".log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return Files.readString(dir.resolve("console-" + starts + ".log")).contains("Server is now active");
            }
        });
    }

    /** kill -9: the journal is left as a crash leaves it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
