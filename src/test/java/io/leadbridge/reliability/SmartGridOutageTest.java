package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.intake.SmartGridPoll;
import io.leadbridge.status.StatusOutbox;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Smart-Grid down (every call answers 503) for both the poll and the status calls: pushed leads
 * are still taken in and delivered; the poll keeps its cursor and the statuses wait. When it is
 * back, the poll goes on from its cursor (no page skipped, none taken twice) and every status
 * waiting is sent, in order per lead. The outage is seconds here, with the poll and status
 * periods shortened to match; nothing in the bridge depends on how long it lasts.
 */
@BridgeTest
@DirtiesContext
class SmartGridOutageTest {

    static final FakeServer SMART_GRID = new FakeServer();
    static final AtomicBoolean UP = new AtomicBoolean(false);
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ObjectNode> PAGE_ONE = List.of(Leads.routedTo("AMR"), Leads.routedTo("HEALTH"));
    static final List<ObjectNode> PAGE_TWO = List.of(Leads.routedTo("CULTURE"), Leads.disputed("NO_MATCH"));
    /** The cursor of every page Smart-Grid served, in order. */
    static final List<String> SERVED = new CopyOnWriteArrayList<>();
    /** The statuses Smart-Grid took (answered 204), per lead, in order. */
    static final Map<String, List<String>> TAKEN = new ConcurrentHashMap<>();

    static {
        SMART_GRID.on("/api/leads", request -> {
            if (!UP.get()) {
                return new FakeServer.Reply(503, "{\"error\":\"maintenance\"}");
            }
            String since = request.param("since");
            SERVED.add(since);
            return switch (since) {
                case "" -> FakeServer.Reply.ok("{\"items\":" + PAGE_ONE + ",\"nextCursor\":\"p1\"}");
                case "p1" -> FakeServer.Reply.ok("{\"items\":" + PAGE_TWO + ",\"nextCursor\":\"p2\"}");
                default -> FakeServer.Reply.ok("{\"items\":[],\"nextCursor\":\"" + since + "\"}");
            };
        });
        SMART_GRID.onPrefix("/api/leads/", request -> {
            if (!UP.get()) {
                return new FakeServer.Reply(503, "{\"error\":\"maintenance\"}");
            }
            String eventId = request.path().split("/")[3];
            TAKEN.computeIfAbsent(eventId, e -> new CopyOnWriteArrayList<>()).add(status(request));
            return new FakeServer.Reply(204, "");
        });
    }

    @DynamicPropertySource
    static void smartGrid(DynamicPropertyRegistry registry) {
        registry.add("bridge.smart-grid.url", SMART_GRID::url);
        registry.add("bridge.intake.poll.enabled", () -> "true");
        registry.add("bridge.intake.poll.period", () -> "200");
        registry.add("bridge.intake.poll.delay", () -> "0");
        registry.add("bridge.status.enabled", () -> "true");
        registry.add("bridge.status.period", () -> "200");
        registry.add("bridge.status.maximum-retry-delay", () -> "1s");
        registry.add("bridge.status.circuit.open-for", () -> "500ms");
        registry.add("bridge.status.circuit.max-open-for", () -> "1s");
    }

    @AfterAll
    static void stop() {
        SMART_GRID.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    SmartGridPoll poll;
    @Autowired
    StatusOutbox statuses;
    @Autowired
    io.leadbridge.status.StatusSender sender;

    @Test
    void nothingElseStopsAndTheCursorAndStatusesResumeWhenItIsBack() {
        Api api = new Api(port);
        List<ObjectNode> pushed = List.of(Leads.routedTo("AMR"), Leads.routedTo("WATER"), Leads.disputed("CONFLICT"));
        pushed.forEach(lead -> assertThat(api.push(lead.toString()).status()).isEqualTo(202));

        // Down: pushed leads flow on to their departments; the poll fails again and again without moving.
        await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(id(pushed.get(0))))
                && "DISPATCHED".equals(api.state(id(pushed.get(1)))) && "DISPUTED".equals(api.state(id(pushed.get(2)))));
        await().atMost(Duration.ofSeconds(20)).until(() -> SMART_GRID.requests("/api/leads").size() >= 5);
        assertThat(poll.cursor()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses.unsent() >= 5);
        await("statuses are tried").atMost(Duration.ofSeconds(20)).until(() ->
                SMART_GRID.requests("/api/leads/" + id(pushed.get(0)) + "/status").size() >= 2);
        assertThat(TAKEN).isEmpty();
        // Smart-Grid's circuit opened: the rounds stop calling it but for one update now and then
        await("Smart-Grid's circuit opens").atMost(Duration.ofSeconds(20)).until(() -> !"CLOSED".equals(sender.circuitState()));

        UP.set(true);

        // Back: the poll goes on from where it was, page by page; every waiting status goes out, in order.
        await().atMost(Duration.ofSeconds(20)).until(() -> poll.cursor().orElse("").equals("p2"));
        for (ObjectNode lead : PAGE_ONE.subList(0, 1)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(id(lead))));
        }
        // a copy: the poll goes on asking while this looks (a view of the live list failed with a ConcurrentModificationException)
        List<String> served = List.copyOf(SERVED);
        assertThat(served.subList(0, 2)).as("each page asked for once, in order").containsExactly("", "p1");
        assertThat(served.subList(2, served.size())).as("then only the newest cursor").allMatch("p2"::equals);
        for (ObjectNode lead : PAGE_TWO) {
            assertThat(api.lead(id(lead)).path("channel").asText()).isEqualTo("POLL");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.unsent() == 0);
        assertThat(TAKEN.get(id(pushed.get(0)))).containsExactly("ESCALATED", "DISPATCHED");
        assertThat(TAKEN.get(id(pushed.get(1)))).containsExactly("ESCALATED", "DISPATCHED");
        assertThat(TAKEN.get(id(pushed.get(2)))).containsExactly("DISPUTED");
        assertThat(TAKEN.get(id(PAGE_ONE.get(0)))).containsExactly("ESCALATED", "DISPATCHED");
    }

    private static String id(JsonNode lead) {
        return lead.get("eventId").asText();
    }

    private static String status(FakeServer.Request request) {
        try {
            return JSON.readTree(request.body()).path("status").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
