package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.BridgeProcess;
import io.leadbridge.support.Api;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the bridge (a process of its own) while leads are pushed, sent to its queue over TCP
 * and read from a batch file; started again on the same data: every accepted lead ends in exactly
 * one proper state, every routed case reaches its department (which drops repeats by
 * Idempotency-Key), no case number is used twice, and the batch file resumes where it stopped,
 * taking each line in once.
 */
class CrashTest {

    final FakeServer departments = new FakeServer();
    final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    BridgeProcess bridge;

    @AfterEach
    void stop() throws Exception {
        if (bridge != null) {
            bridge.stop();
        }
        departments.close();
    }

    @Test
    void everyAcceptedLeadSurvivesAKillMinusNine() throws Exception {
        departments.onPrefix("/dept/", r -> {
            deliveries.merge(r.header("Idempotency-Key"), 1, Integer::sum);
            return FakeServer.Reply.ok("{}");
        });
        Path data = Path.of("target/crash-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(data.resolve("inbox"));
        int brokerPort = BridgeProcess.freePort();
        List<String> settings = new ArrayList<>(List.of("--bridge.api-keys.smart-grid=crash-sg", "--bridge.api-keys.ops=crash-ops",
                "--bridge.broker.acceptor=tcp://127.0.0.1:" + brokerPort,
                "--bridge.intake.poll.enabled=false", "--bridge.status.enabled=false", "--bridge.dispatch.sweep-period=1000",
                "--bridge.dispatch.resend-after=20s"));
        settings.addAll(Outcome.everyDepartmentAt(departments.url() + "/dept/"));
        bridge = new BridgeProcess(data, settings);
        bridge.start();

        // A batch file of 6,000 leads, four threads pushing and one sending to the queue while the bridge is killed.
        List<String> fileLeads = new ArrayList<>();
        StringBuilder file = new StringBuilder();
        List<JsonNode> samples = SharedSamples.leads();
        for (int i = 0; i < FILE_LINES; i++) {
            JsonNode lead = Leads.fresh(samples.get(i % samples.size()));
            fileLeads.add(lead.get("eventId").asText());
            file.append(lead).append('\n');
        }

        Set<String> accepted = Collections.newSetFromMap(new ConcurrentHashMap<>());
        AtomicBoolean pushing = new AtomicBoolean(true);
        ExecutorService pushers = Executors.newFixedThreadPool(5);
        for (int t = 0; t < 4; t++) {
            int offset = t;
            pushers.submit(() -> {
                Api api = bridge.api();
                for (int i = 0; pushing.get(); i++) {
                    JsonNode lead = Leads.fresh(samples.get((i * 4 + offset) % samples.size()));
                    try {
                        int status = api.push("crash-sg", lead.toString().getBytes(StandardCharsets.UTF_8), "application/json").status();
                        if (status == 202 || status == 200) {
                            accepted.add(lead.get("eventId").asText());
                        }
                    } catch (RuntimeException refused) {
                        // the bridge is down: this lead was not accepted
                    }
                }
            });
        }
        Set<String> queued = Collections.newSetFromMap(new ConcurrentHashMap<>());
        pushers.submit(() -> Outcome.sendToQueue("tcp://127.0.0.1:" + brokerPort, null, null, samples, queued, pushing, null, false));
        // the file is dropped once pushes and the queue flow (a fresh bridge's first pushes are slow: dropped at the
        // start, the file was once finished before a hundred pushes were in), then killed mid-file: some of its
        // lines are in, the last one is not
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> accepted.size() >= 100 && queued.size() >= 50);
        Path temp = data.resolve("inbox/.survey.tmp");
        Files.writeString(temp, file, StandardCharsets.UTF_8);
        Files.move(temp, data.resolve("inbox/survey.ndjson"));
        Outcome before = new Outcome(bridge.api(), "crash-ops");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> before.isIn(fileLeads.get(FILE_LINES / 20)));
        assertThat(before.isIn(fileLeads.get(FILE_LINES - 1))).as("the file is not finished at the kill").isFalse();
        bridge.kill();
        pushing.set(false);
        pushers.shutdown();
        assertThat(pushers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        bridge.start();
        Outcome outcome = new Outcome(new Api(bridge.port()), "crash-ops");
        Set<String> expected = new HashSet<>(accepted);
        expected.addAll(queued);
        expected.addAll(fileLeads);
        outcome.awaitProper(expected, Duration.ofMinutes(3), id -> (accepted.contains(id) ? "pushed " : "")
                + (queued.contains(id) ? "queued " : "") + (fileLeads.contains(id) ? "file" : ""));
        outcome.checkCases(deliveries);
        assertThat(Files.exists(data.resolve("inbox/done/survey.ndjson"))).isTrue();
        String secondRun = Files.readString(data.resolve("bridge-2.log"));
        assertThat(secondRun).as("the file resumed mid-way").containsPattern("survey.ndjson: resuming after line [1-9]");
        assertThat(secondRun).as("each line taken in once over both runs")
                .contains("survey.ndjson: " + FILE_LINES + " lead line(s), 0 bad (resumed after line");
        System.out.printf("crash test: %d pushed and %d queued leads accepted before kill -9, %d file lines (%s), %d cases delivered, "
                        + "%d deliveries in all (repeats dropped by Idempotency-Key: %d)%n", accepted.size(), queued.size(), fileLeads.size(),
                secondRun.lines().filter(l -> l.contains("resuming after line")).findFirst().orElse("?").replaceAll(".*: ", ""),
                deliveries.size(), deliveries.values().stream().mapToInt(Integer::intValue).sum(), Outcome.repeats(deliveries));
    }

    static final int FILE_LINES = 6000;
}
