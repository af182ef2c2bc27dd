package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.BridgeProcess;
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
    final List<BridgeProcess> bridges = new ArrayList<>();

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
        SmartGridPages pages = new SmartGridPages(smartGrid, PAGES, PER_PAGE);

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

        pages.open();
        List<Integer> served = pages.served();
        await().atMost(Duration.ofSeconds(60)).until(() -> served.size() >= PAGES / 3);
        BridgeProcess leader = bridges.stream().filter(b -> b.log().contains("polls Smart-Grid now")).findFirst().orElseThrow();
        BridgeProcess other = bridges.stream().filter(b -> b != leader).findFirst().orElseThrow();
        assertThat(other.log()).as("only one instance polls").doesNotContain("polls Smart-Grid now");
        leader.kill();
        int servedAtKill = served.size();

        assertThat(servedAtKill).as("killed mid-run").isLessThan(PAGES);
        await().atMost(Duration.ofSeconds(60)).until(() -> other.log().contains("polls Smart-Grid now"));
        await().atMost(Duration.ofSeconds(90)).until(pages::allServed);
        Api api = other.api();
        Outcome outcome = new Outcome(api, "takeover-ops");
        await().atMost(Duration.ofSeconds(30)).until(() -> pages.eventIds().stream().allMatch(outcome::isIn));

        assertThat(new HashSet<>(served)).as("no page skipped").hasSize(PAGES);
        assertThat(served.size() - PAGES).as("at most the page in flight at the kill asked for twice").isLessThanOrEqualTo(1);
        assertThat(served).as("pages in order").isSorted();
        JsonNode all = api.get("/api/v1/leads?size=500", "takeover-ops").json();
        assertThat(all.path("total").asInt()).as("one ledger row per lead").isEqualTo(PAGES * PER_PAGE);
        System.out.printf("poll takeover: %d pages, leader killed after %d, the other instance polled the rest (%d asks in all)%n",
                PAGES, servedAtKill, served.size());
    }

}
