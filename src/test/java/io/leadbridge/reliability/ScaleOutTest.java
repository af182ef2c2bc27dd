package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.util.concurrent.RateLimiter;
import io.leadbridge.SharedSamples;
import io.leadbridge.support.BridgeProcess;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.ConsoleClient;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import io.leadbridge.support.Postgres;
import io.leadbridge.support.StandaloneBroker;
import io.leadbridge.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Three bridge instances (processes of their own, the cluster profile) on one standalone Artemis
 * broker and one PostgreSQL database, reached through a TCP proxy so the test can cut it. Leads
 * are pushed to all three (a client that tries the next instance when one does not answer, as a
 * load balancer does), sent to sgs.leads and polled from Smart-Grid. Mid-run: the instance that
 * polls is killed -9, the broker is killed -9 and started again, and the database is unreachable
 * until the instances report it DOWN. At the end every accepted lead is in exactly one proper
 * state, each case reached its department under one Idempotency-Key, case numbers are unique, the
 * poll cursor skipped no page and never went back, and the instances shared the work; a console
 * sign-in on one instance holds on the others, and a catalogue uploaded to one is in use on all. Runs with
 * the postgres and artemis profiles (.ci/run).
 */
class ScaleOutTest {

    static final int INSTANCES = 3;
    static final int PAGES = 40;
    static final int PER_PAGE = 5;
    /** Paces well inside what three instances on this 2-core machine take, so the run is about faults, not backlog. */
    static final int PUSHES_PER_SECOND = 60;
    static final int QUEUED_PER_SECOND = 30;
    static final String OPS = "scale-ops";
    static final String SMART_GRID = "scale-sg";

    final FakeServer smartGrid = new FakeServer();
    final FakeServer departments = new FakeServer();
    final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    final List<BridgeProcess> bridges = new ArrayList<>();
    ArtemisProcess broker;
    TcpProxy database;

    @AfterEach
    void stop() throws Exception {
        for (BridgeProcess bridge : bridges) {
            bridge.stop();
        }
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.close();
        }
        smartGrid.close();
        departments.close();
    }

    @Test
    void threeInstancesShareTheWorkThroughAKillABrokerRestartAndADatabaseOutage() throws Exception {
        assumeThat(Postgres.enabled() && StandaloneBroker.enabled())
                .as("runs on PostgreSQL and a standalone broker (mvn -Ppostgres,artemis)").isTrue();
        Path work = Path.of("target/scale-" + UUID.randomUUID()).toAbsolutePath();
        broker = new ArtemisProcess(work.resolve("broker"));
        broker.start();
        departments.onPrefix("/dept/", r -> {
            deliveries.merge(r.header("Idempotency-Key"), 1, Integer::sum);
            return FakeServer.Reply.ok("{}");
        });
        SmartGridPages pages = new SmartGridPages(smartGrid, PAGES, PER_PAGE);

        List<String> settings = new ArrayList<>(List.of("--spring.profiles.active=cluster",
                "--LEADBRIDGE_DB_URL=" + throughProxy(Postgres.freshSchemaSettings().get("spring.datasource.url").toString()),
                "--LEADBRIDGE_DB_USER=leadbridge", "--LEADBRIDGE_DB_PASSWORD=leadbridge",
                "--LEADBRIDGE_BROKER_URL=" + broker.url(),
                "--LEADBRIDGE_BROKER_USER=" + StandaloneBroker.USER, "--LEADBRIDGE_BROKER_PASSWORD=" + StandaloneBroker.PASSWORD,
                "--bridge.api-keys.smart-grid=" + SMART_GRID, "--bridge.api-keys.ops=" + OPS,
                "--bridge.status.enabled=false", "--bridge.intake.file.enabled=false",
                "--bridge.intake.poll.enabled=true", "--bridge.smart-grid.url=" + smartGrid.url(),
                "--bridge.intake.poll.period=300", "--bridge.intake.poll.delay=0", "--bridge.intake.poll.limit=" + PER_PAGE,
                "--bridge.intake.poll.leader-ttl=3s",
                "--bridge.dispatch.sweep-period=1000", "--bridge.dispatch.resend-after=20s",
                "--bridge.console.users.humen.password=" + BridgeTest.PASSWORD_HASH, "--bridge.console.users.humen.role=TOWN_COORDINATOR",
                "--bridge.console.users.humen.town=" + BridgeTest.HUMEN, "--bridge.console.users.humen.name=虎门镇统筹办"));
        settings.addAll(Outcome.everyDepartmentAt(departments.url() + "/dept/"));
        for (int i = 1; i <= INSTANCES; i++) {
            Path data = work.resolve("bridge-" + i);
            Files.createDirectories(data);
            List<String> own = new ArrayList<>(settings);
            own.add("--LEADBRIDGE_INSTANCE_ID=bridge-" + i);
            BridgeProcess bridge = new BridgeProcess(data, own);
            bridge.start();
            bridges.add(bridge);
        }

        // A coordinator signed in on one instance is signed in on every instance (sessions in the database).
        ConsoleClient browser = new ConsoleClient();
        assertThat(browser.signIn(bridges.get(0).port(), "humen", BridgeTest.PASSWORD)).endsWith("/console");
        for (BridgeProcess bridge : bridges) {
            HttpResponse<String> queue = browser.get(bridge.port(), "/console");
            assertThat(queue.statusCode()).as("the work queue on instance " + bridge.port()).isEqualTo(200);
            assertThat(queue.body()).contains("虎门镇统筹办");
        }

        // A catalogue uploaded to one instance is the one in use on every instance.
        String catalogue = Files.readString(Path.of("config/keywords.csv")) + "钓鱼场,垂钓园,FISHING,钓鱼场,,,0,,\n";
        Api.Answer upload = bridges.get(1).api().put("/api/v1/catalogue", OPS, catalogue.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        String version = upload.json().path("version").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> bridges.stream()
                .allMatch(b -> version.equals(b.api().get("/api/v1/catalogue", OPS).json().path("version").asText())));

        // Three pushers through a "load balancer", one queue sender, and the poll.
        List<JsonNode> samples = SharedSamples.leads();
        Set<String> pushed = Collections.newSetFromMap(new ConcurrentHashMap<>());
        Set<String> queued = Collections.newSetFromMap(new ConcurrentHashMap<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService senders = Executors.newFixedThreadPool(INSTANCES + 1);
        RateLimiter pushPace = RateLimiter.create(PUSHES_PER_SECOND);
        for (int t = 0; t < INSTANCES; t++) {
            int offset = t;
            senders.submit(() -> pushThroughAnyInstance(samples, offset, pushed, sending, pushPace));
        }
        senders.submit(() -> Outcome.sendToQueue(broker.url(), StandaloneBroker.USER, StandaloneBroker.PASSWORD,
                samples, queued, sending, RateLimiter.create(QUEUED_PER_SECOND), true));
        pages.open();
        List<Integer> served = pages.served();

        // 1. kill -9 the instance that polls
        await().atMost(Duration.ofSeconds(60)).until(() -> served.size() >= PAGES / 4 && queued.size() >= 20);
        BridgeProcess leader = bridges.stream().filter(b -> b.log().contains("polls Smart-Grid now")).findFirst().orElseThrow();
        assertThat(bridges.stream().filter(b -> b.log().contains("polls Smart-Grid now"))).as("one instance polls").hasSize(1);
        leader.kill();
        List<BridgeProcess> alive = bridges.stream().filter(b -> b != leader).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> alive.stream().anyMatch(b -> b.log().contains("polls Smart-Grid now")));
        int pagesAtKill = served.size();

        // 2. kill -9 the broker and start it again on its journal
        await().atMost(Duration.ofSeconds(60)).until(() -> served.size() >= pagesAtKill + 3);
        int queuedAtBrokerKill = queued.size();
        broker.kill();
        broker.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> queued.size() >= queuedAtBrokerKill + 20);

        // 3. the database unreachable until the instances notice
        int pagesBeforeCut = served.size();
        database.cut();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> alive.stream()
                .allMatch(b -> b.api().get("/actuator/health/database", null).status() == 503));
        database.restore();

        await().atMost(Duration.ofSeconds(120)).until(pages::allServed);
        sending.set(false);
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Set<String> expected = new HashSet<>(pushed);
        expected.addAll(queued);
        expected.addAll(pages.eventIds());
        Outcome outcome = new Outcome(alive.get(0).api(), OPS);
        outcome.awaitProper(expected, Duration.ofMinutes(4), id -> (pushed.contains(id) ? "pushed " : "")
                + (queued.contains(id) ? "queued " : "") + (pages.eventIds().contains(id) ? "polled" : ""));
        int cases = outcome.checkCases(deliveries);

        assertThat(new HashSet<>(served)).as("no page skipped").hasSize(PAGES);
        assertThat(served).as("the cursor never went back").isSorted();
        assertThat(alive.stream().mapToDouble(b -> gauge(b, "bridge_poll_leader")).sum()).as("instances polling at the end").isEqualTo(1.0);
        for (BridgeProcess bridge : bridges) {
            assertThat(bridge.log()).as("every instance delivered cases").contains(" delivered");
        }
        System.out.printf("scale-out: %d instances; %d pushed, %d queued, %d polled leads accepted; %d cases delivered, "
                        + "%d deliveries in all (repeats dropped by Idempotency-Key: %d); poll leader killed after page %d, "
                        + "database cut after page %d, %d asks for %d pages%n",
                INSTANCES, pushed.size(), queued.size(), pages.eventIds().size(), cases,
                deliveries.values().stream().mapToInt(Integer::intValue).sum(), Outcome.repeats(deliveries),
                pagesAtKill, pagesBeforeCut, served.size(), PAGES);
    }

    /** Each lead to the next instance in turn; one that refuses or fails is skipped for the next. */
    private void pushThroughAnyInstance(List<JsonNode> samples, int offset, Set<String> pushed, AtomicBoolean sending,
                                        RateLimiter pace) {
        for (int i = 0; sending.get(); i++) {
            pace.acquire();
            JsonNode lead = Leads.fresh(samples.get((i * INSTANCES + offset) % samples.size()));
            byte[] body = lead.toString().getBytes(StandardCharsets.UTF_8);
            for (int attempt = 0; attempt < INSTANCES * 3 && sending.get(); attempt++) {
                Api api = bridges.get((i + offset + attempt) % INSTANCES).api();
                try {
                    int status = api.push(SMART_GRID, body, "application/json").status();
                    if (status == 202 || status == 200) {
                        pushed.add(lead.get("eventId").asText());
                        break;
                    }
                } catch (RuntimeException refused) {
                    // that instance is down: the next one
                }
            }
        }
    }

    /** The PostgreSQL URL with its host and port replaced by the proxy's, which this test can cut. */
    private String throughProxy(String url) {
        Matcher hostPort = Pattern.compile("//([^/:]+):(\\d+)/").matcher(url);
        assertThat(hostPort.find()).as("host and port in " + url).isTrue();
        database = new TcpProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
        return hostPort.replaceFirst("//127.0.0.1:" + database.port() + "/");
    }

    private static double gauge(BridgeProcess bridge, String name) {
        return bridge.api().get("/actuator/prometheus", null).body().lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
