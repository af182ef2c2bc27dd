package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.Leads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the fault tests (kill -9, several instances, broker and database outages) check at the end,
 * through a bridge's API: every accepted lead in exactly one proper state, one ledger row per
 * eventId, case numbers unique, and each case delivered to its department under one
 * Idempotency-Key (a department drops repeats by it).
 */
final class Outcome {

    static final Set<String> PROPER = Set.of("HELD", "DISPUTED", "DISPATCHED", "INVALID");

    private final Api api;
    private final String opsKey;

    Outcome(Api api, String opsKey) {
        this.api = api;
        this.opsKey = opsKey;
    }

    /** Waits until every expected lead is in a proper state; on timeout names a few that are not. */
    void awaitProper(Set<String> expected, Duration within, Function<String, String> howItCameIn) {
        try {
            await().atMost(within).pollInterval(Duration.ofSeconds(2)).until(() -> notProper(expected).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException stuck) {
            Set<String> missing = notProper(expected);
            missing.stream().limit(5).forEach(id -> System.err.printf("not in a proper state: %s (%s) %s%n", id,
                    howItCameIn.apply(id), api.get("/api/v1/leads/" + id, opsKey).body()));
            // a queued lead the broker gave up on waits on its dead-letter queue (stop 34's open question in ScaleOutTest)
            throw new AssertionError(missing.size() + " accepted lead(s) not in a proper state; the broker's dead letters: "
                    + api.get("/api/v1/dead-letters", opsKey).body(), stuck);
        }
    }

    /**
     * One ledger row per eventId, unique case numbers, and every case seen by its department under
     * its own Idempotency-Key (deliveries: key to times delivered). Returns the number of cases.
     */
    int checkCases(Map<String, Integer> deliveries) {
        Map<String, Integer> rowsPerEvent = new HashMap<>();
        Set<String> caseNumbers = new HashSet<>();
        int routed = 0;
        for (JsonNode lead : all()) {
            rowsPerEvent.merge(lead.path("eventId").asText(), 1, Integer::sum);
            if (lead.hasNonNull("caseNo")) {
                assertThat(caseNumbers.add(lead.path("caseNo").asText())).as("case numbers are unique").isTrue();
                routed++;
                String key = lead.path("caseNo").asText() + "-" + lead.path("dispatchSeq").asInt();
                assertThat(deliveries).as("the department got " + key).containsKey(key);
            }
        }
        assertThat(rowsPerEvent.values()).as("one ledger row per eventId").allMatch(n -> n == 1);
        assertThat(deliveries.keySet()).as("distinct Idempotency-Keys the departments saw").hasSize(routed);
        return routed;
    }

    /** Settings that send every department's cases (config/departments.csv) by HTTP to base + its code. */
    static List<String> everyDepartmentAt(String base) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("config/departments.csv")).stream().skip(1)
                    .filter(line -> !line.isBlank()).map(line -> line.substring(0, line.indexOf(',')))
                    .map(code -> "--bridge.dispatch.departments." + code + ".url=" + base + code).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deliveries beyond the first per Idempotency-Key: repeats a department dropped. */
    static int repeats(Map<String, Integer> deliveries) {
        return deliveries.values().stream().mapToInt(Integer::intValue).sum() - deliveries.size();
    }

    boolean isIn(String eventId) {
        try {
            return api.get("/api/v1/leads/" + eventId, opsKey).status() == 200;
        } catch (RuntimeException down) {
            return false;
        }
    }

    /** Accepted leads not (yet) in a proper end state. */
    Set<String> notProper(Set<String> expected) {
        Set<String> proper = new HashSet<>();
        for (JsonNode lead : all()) {
            if (PROPER.contains(lead.path("state").asText())) {
                proper.add(lead.path("eventId").asText());
            }
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(proper);
        return missing;
    }

    List<JsonNode> all() {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode items = api.get("/api/v1/leads?size=500&page=" + page, opsKey).json().path("items");
            items.forEach(out::add);
            if (items.size() < 500) {
                return out;
            }
        }
    }

    /**
     * Sends leads to sgs.leads on the broker at url until told to stop, one persistent send each
     * (it returns once the broker has it), at the pace given (null: as fast as it can); a send that
     * fails is not counted, and with keepTrying the sender waits for the broker to come back and goes on.
     */
    static void sendToQueue(String url, String user, String password, List<JsonNode> samples, Set<String> queued,
                            java.util.concurrent.atomic.AtomicBoolean sending, com.google.common.util.concurrent.RateLimiter pace,
                            boolean keepTrying) {
        for (int i = 0; sending.get(); ) {
            try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(url, user, password);
                 var context = factory.createContext()) {
                var producer = context.createProducer().setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
                var queue = context.createQueue("sgs.leads");
                for (; sending.get(); i++) {
                    if (pace != null) {
                        pace.acquire();
                    }
                    JsonNode lead = Leads.fresh(samples.get((i * 7) % samples.size()));
                    producer.send(queue, lead.toString());
                    queued.add(lead.get("eventId").asText());
                }
            } catch (RuntimeException broken) {
                // the broker went away: the lead being sent was not acknowledged
                if (!keepTrying) {
                    if (sending.get()) {
                        System.err.println("queue sender stopped: " + broken);
                    }
                    return;
                }
                i++;
                if (pace != null) {
                    pace.acquire(Math.max(1, (int) pace.getRate() / 2));
                }
            }
        }
    }
}
