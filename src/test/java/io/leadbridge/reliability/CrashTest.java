package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
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

    static final Set<String> PROPER = Set.of("HELD", "DISPUTED", "DISPATCHED", "INVALID");
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
        int brokerPort = freePort();
        List<String> settings = new ArrayList<>(List.of("--bridge.api-keys.smart-grid=crash-sg", "--bridge.api-keys.ops=crash-ops",
                "--bridge.broker.acceptor=tcp://127.0.0.1:" + brokerPort,
                "--bridge.intake.poll.enabled=false", "--bridge.status.enabled=false", "--bridge.dispatch.sweep-period=1000",
                "--bridge.dispatch.resend-after=20s"));
        for (String dept : List.of("AMR", "HEALTH", "CULTURE", "PSB", "EDU", "HRSS", "TRANSPORT", "EMERGENCY", "ECO", "HOUSING",
                "URBAN", "COMMERCE", "AGRI", "TOBACCO", "FIRE", "WATER", "CIVIL", "POSTAL", "FINANCE", "NATRES")) {
            settings.add("--bridge.dispatch.departments." + dept + ".url=" + departments.url() + "/dept/" + dept);
        }
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
        Path temp = data.resolve("inbox/.survey.tmp");
        Files.writeString(temp, file, StandardCharsets.UTF_8);
        Files.move(temp, data.resolve("inbox/survey.ndjson"));

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
        pushers.submit(() -> sendToQueue("tcp://127.0.0.1:" + brokerPort, samples, queued, pushing));
        // killed mid-file: some of its lines are in, the last one is not
        Api before = bridge.api();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> accepted.size() >= 100 && queued.size() >= 50 && isIn(before, fileLeads.get(FILE_LINES / 20)));
        assertThat(isIn(before, fileLeads.get(FILE_LINES - 1))).as("the file is not finished at the kill").isFalse();
        bridge.kill();
        pushing.set(false);
        pushers.shutdown();
        assertThat(pushers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        bridge.start();
        Api api = new Api(bridge.port());
        Set<String> expected = new HashSet<>(accepted);
        expected.addAll(queued);
        expected.addAll(fileLeads);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> missing(api, expected).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            Set<String> missing = missing(api, expected);
            missing.stream().limit(5).forEach(id -> System.err.printf("not in a proper state: %s (%s%s%s) %s%n", id,
                    accepted.contains(id) ? "pushed " : "", queued.contains(id) ? "queued " : "", fileLeads.contains(id) ? "file" : "",
                    api.get("/api/v1/leads/" + id, "crash-ops").body()));
            throw new AssertionError(missing.size() + " accepted lead(s) not in a proper state", stuck);
        }

        List<JsonNode> leads = all(api);
        Map<String, Long> rowsPerEvent = new ConcurrentHashMap<>();
        Set<String> caseNumbers = new HashSet<>();
        int routed = 0;
        for (JsonNode lead : leads) {
            rowsPerEvent.merge(lead.path("eventId").asText(), 1L, Long::sum);
            if (lead.hasNonNull("caseNo")) {
                assertThat(caseNumbers.add(lead.path("caseNo").asText())).as("case numbers are unique").isTrue();
                routed++;
                String key = lead.path("caseNo").asText() + "-" + lead.path("dispatchSeq").asInt();
                assertThat(deliveries).as("the department got " + key).containsKey(key);
            }
        }
        assertThat(rowsPerEvent.values()).as("one ledger row per eventId").allMatch(n -> n == 1);
        assertThat(deliveries.keySet()).as("distinct Idempotency-Keys the departments saw").hasSize(routed);
        assertThat(Files.exists(data.resolve("inbox/done/survey.ndjson"))).isTrue();
        String secondRun = Files.readString(data.resolve("bridge-2.log"));
        assertThat(secondRun).as("the file resumed mid-way").containsPattern("survey.ndjson: resuming after line [1-9]");
        assertThat(secondRun).as("each line taken in once over both runs")
                .contains("survey.ndjson: " + FILE_LINES + " lead line(s), 0 bad (resumed after line");
        System.out.printf("crash test: %d pushed and %d queued leads accepted before kill -9, %d file lines (%s), %d cases delivered, "
                        + "%d deliveries in all (repeats dropped by Idempotency-Key: %d)%n", accepted.size(), queued.size(), fileLeads.size(),
                secondRun.lines().filter(l -> l.contains("resuming after line")).findFirst().orElse("?").replaceAll(".*: ", ""),
                deliveries.size(), deliveries.values().stream().mapToInt(Integer::intValue).sum(),
                deliveries.values().stream().mapToInt(Integer::intValue).sum() - deliveries.size());
    }

    static final int FILE_LINES = 6000;

    /** Sends leads to sgs.leads over TCP, one persistent send each (it returns once the broker has it). */
    private static void sendToQueue(String url, List<JsonNode> samples, Set<String> queued, AtomicBoolean sending) {
        try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(url);
             var context = factory.createContext()) {
            var producer = context.createProducer().setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
            var queue = context.createQueue("sgs.leads");
            for (int i = 0; sending.get(); i++) {
                JsonNode lead = Leads.fresh(samples.get((i * 7) % samples.size()));
                producer.send(queue, lead.toString());
                queued.add(lead.get("eventId").asText());
            }
        } catch (RuntimeException broken) {
            // the broker died with the bridge: the lead being sent was not acknowledged
            if (sending.get()) {
                System.err.println("queue sender stopped: " + broken);
            }
        }
    }

    private static boolean isIn(Api api, String eventId) {
        try {
            return api.get("/api/v1/leads/" + eventId, "crash-ops").status() == 200;
        } catch (RuntimeException down) {
            return false;
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Accepted leads not (yet) in a proper end state. */
    private static Set<String> missing(Api api, Set<String> expected) {
        Set<String> proper = new HashSet<>();
        for (JsonNode lead : all(api)) {
            if (PROPER.contains(lead.path("state").asText())) {
                proper.add(lead.path("eventId").asText());
            }
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(proper);
        return missing;
    }

    private static List<JsonNode> all(Api api) {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode items = api.get("/api/v1/leads?size=500&page=" + page, "crash-ops").json().path("items");
            items.forEach(out::add);
            if (items.size() < 500) {
                return out;
            }
        }
    }
}
