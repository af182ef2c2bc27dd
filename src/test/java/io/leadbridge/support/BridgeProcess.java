package io.leadbridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** The bridge as a process of its own (same classes, its own data folder and port), to be killed. */
public final class BridgeProcess {

    private final List<String> args;
    private final Path log;
    private final int port;
    private Process process;
    private int starts;

    public BridgeProcess(Path dataDir, List<String> settings) {
        this.port = freePort();
        this.log = dataDir.resolve("bridge");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlogback.configurationFile=" + Path.of("target/test-classes/logback-child.xml").toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), "io.leadbridge.LeadBridgeApplication",
                "--server.port=" + port, "--bridge.data-dir=" + dataDir, "--logging.config=classpath:logback-child.xml"));
        command.addAll(withTestPassword(settings));
        this.args = command;
    }

    /**
     * The settings with the test H2 password added (outside the demo the bridge refuses an empty one), unless they
     * name a database of their own.
     */
    public static List<String> withTestPassword(List<String> settings) {
        List<String> all = new ArrayList<>(settings);
        if (settings.stream().noneMatch(s -> s.contains("datasource.") || s.contains("LEADBRIDGE_DB_") || s.contains("cluster"))) {
            all.add("--LEADBRIDGE_DB_PASSWORD=" + TestDataDir.H2_PASSWORD);
        }
        return all;
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port);
    }

    /** What the latest start of it has logged so far. */
    public String log() {
        try {
            return java.nio.file.Files.readString(log.resolveSibling(log.getFileName() + "-" + starts + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it and waits until it answers health UP. */
    public void start() {
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true)
                    .redirectOutput(log.resolveSibling(log.getFileName() + "-" + (++starts) + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> api().get("/actuator/health", null).status() == 200);
    }

    /** kill -9: no shutdown hook, no flush, nothing. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
