package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.Api;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import io.leadbridge.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Two bridge instances (processes of their own) on one PostgreSQL database, both with the poll
 * switched on: only the holder of the poll lock polls; kill -9 it mid-run and the other takes the
 * poll over from the cursor in the database. At the end every lead of every page is in the ledger
 * once, and no page was skipped; at most the page in flight at the kill was asked for twice (its
 * leads then were duplicates). Runs with the postgres profile (.ci/run).
 */
class PollTakeoverTest {

    static final int PAGES = 30;
    static final int PER_PAGE = 5;
    final FakeServer smartGrid = new FakeServer();
    final List<String> served = new CopyOnWriteArrayList<>();
    final List<BridgeProcess> bridges = new ArrayList<>();
    /** Smart-Grid has nothing until both instances are up, so the kill falls mid-run. */
    final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean();

    @AfterEach
    void stop() throws Exception {
        for (BridgeProcess bridge : bridges) {
            bridge.stop();
        }
        smartGrid.close();
    }

    @Test
    void theOtherInstanceTakesThePollOverWhenTheLeaderDies() throws Exception {
        assumeThat(Postgres.enabled()).as("runs on PostgreSQL (mvn -Ppostgres)").isTrue();
        List<JsonNode> samples = SharedSamples.leads();
        Map<Integer, List<String>> pages = new HashMap<>();
        Map<Integer, String> bodies = new HashMap<>();
        for (int p = 0; p < PAGES; p++) {
            List<String> ids = new ArrayList<>();
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < PER_PAGE; i++) {
                JsonNode lead = Leads.fresh(samples.get((p * PER_PAGE + i) % samples.size()));
                ids.add(lead.get("eventId").asText());
                items.append(items.isEmpty() ? "" : ",").append(lead);
            }
            pages.put(p, ids);
            bodies.put(p, "{\"items\":[" + items + "],\"nextCursor\":\"" + (p + 1) + "\"}");
        }
        smartGrid.on("/api/leads", request -> {
            String since = request.param("since");
            int page = since.isEmpty() ? 0 : Integer.parseInt(since);
            if (!open.get()) {
                return FakeServer.Reply.ok("{\"items\":[],\"nextCursor\":\"" + since + "\"}");
            }
            if (page >= PAGES) {
                return FakeServer.Reply.ok("{\"items\":[],\"nextCursor\":\"" + PAGES + "\"}");
            }
            served.add(String.valueOf(page));
            return FakeServer.Reply.ok(bodies.get(page));
        });

        List<String> shared = new ArrayList<>(Postgres.freshSchemaArgs());
        shared.addAll(List.of("--bridge.api-keys.smart-grid=takeover-sg", "--bridge.api-keys.ops=takeover-ops",
                "--bridge.status.enabled=false", "--bridge.intake.file.enabled=false",
                "--bridge.intake.poll.enabled=true", "--bridge.smart-grid.url=" + smartGrid.url(),
                "--bridge.intake.poll.period=300", "--bridge.intake.poll.delay=0", "--bridge.intake.poll.limit=" + PER_PAGE,
                "--bridge.intake.poll.leader-ttl=3s"));
        for (int i = 0; i < 2; i++) {
            Path data = Path.of("target/takeover-" + UUID.randomUUID()).toAbsolutePath();
            Files.createDirectories(data);
            BridgeProcess bridge = new BridgeProcess(data, shared);
            bridge.start();
            bridges.add(bridge);
        }

        open.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> served.size() >= PAGES / 3);
        BridgeProcess leader = bridges.stream().filter(b -> b.log().contains("polls Smart-Grid now")).findFirst().orElseThrow();
        BridgeProcess other = bridges.stream().filter(b -> b != leader).findFirst().orElseThrow();
        assertThat(other.log()).as("only one instance polls").doesNotContain("polls Smart-Grid now");
        leader.kill();
        int servedAtKill = served.size();

        assertThat(servedAtKill).as("killed mid-run").isLessThan(PAGES);
        await().atMost(Duration.ofSeconds(60)).until(() -> other.log().contains("polls Smart-Grid now"));
        await().atMost(Duration.ofSeconds(90)).until(() -> served.contains(String.valueOf(PAGES - 1)));
        Api api = other.api();
        List<String> expected = pages.values().stream().flatMap(List::stream).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> expected.stream()
                .allMatch(id -> api.get("/api/v1/leads/" + id, "takeover-ops").status() == 200));

        assertThat(new HashSet<>(served)).as("no page skipped").hasSize(PAGES);
        assertThat(served.size() - PAGES).as("at most the page in flight at the kill asked for twice").isLessThanOrEqualTo(1);
        assertThat(served).as("pages in order").isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        JsonNode all = api.get("/api/v1/leads?size=500", "takeover-ops").json();
        assertThat(all.path("total").asInt()).as("one ledger row per lead").isEqualTo(PAGES * PER_PAGE);
        System.out.printf("poll takeover: %d pages, leader killed after %d, the other instance polled the rest (%d asks in all)%n",
                PAGES, servedAtKill, served.size());
    }

}
