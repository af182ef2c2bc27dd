package io.leadbridge.intake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.FakeServer;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poll from a fake Smart-Grid: pages are taken in, the cursor is stored only after its page, and
 * the next poll asks from that cursor. A page that cannot be read does not move the cursor.
 */
@BridgeTest
@DirtiesContext
class PollIntakeTest {

    static final FakeServer SMART_GRID = new FakeServer();
    static final ObjectNode FIRST_VERSION = Leads.routedTo("CULTURE");
    static final ObjectNode SECOND_VERSION = FIRST_VERSION.deepCopy().put("version", FIRST_VERSION.get("version").asLong() + 1);
    /** Taken in together (one wait for the intake's group commit), each with its place on the page. */
    static final List<ObjectNode> PAGE_ONE = List.of(Leads.routedTo("AMR"),
            JsonNodeFactory.instance.objectNode().put("eventId", "POLL-BAD-000001").put("version", "one"),
            Leads.disputed("NO_MATCH"), FIRST_VERSION, SECOND_VERSION);
    static final List<ObjectNode> PAGE_TWO = List.of(Leads.routedTo("HEALTH"));

    static {
        SMART_GRID.on("/api/leads", request -> {
            String since = request.param("since");
            return switch (since) {
                case "" -> FakeServer.Reply.ok("{\"items\":" + PAGE_ONE + ",\"nextCursor\":\"c/1 &x\"}");
                case "c/1 &x" -> FakeServer.Reply.ok("{\"items\":" + PAGE_TWO + ",\"nextCursor\":\"c2\"}");
                case "c2" -> new FakeServer.Reply(200, "{not json");
                default -> FakeServer.Reply.ok("{\"items\":[],\"nextCursor\":\"" + since + "\"}");
            };
        });
    }

    @DynamicPropertySource
    static void smartGrid(DynamicPropertyRegistry registry) {
        registry.add("bridge.smart-grid.url", SMART_GRID::url);
        registry.add("bridge.intake.poll.enabled", () -> "true");
        registry.add("bridge.intake.poll.period", () -> "200");
        registry.add("bridge.intake.poll.delay", () -> "0");
    }

    @AfterAll
    static void stop() {
        SMART_GRID.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    SmartGridPoll poll;

    @Test
    void pagesAreTakenInAndTheCursorMovesOnlyAfterEachPage() {
        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(20)).until(() -> poll.cursor().orElse("").equals("c2"));
        assertThat(api.state(PAGE_ONE.get(0).get("eventId").asText())).isIn("ROUTED", "DISPATCHED");
        assertThat(api.state(PAGE_ONE.get(2).get("eventId").asText())).isEqualTo("DISPUTED");
        assertThat(api.state(PAGE_TWO.get(0).get("eventId").asText())).isIn("ROUTED", "DISPATCHED");
        assertThat(api.lead(PAGE_ONE.get(0).get("eventId").asText()).path("channel").asText()).isEqualTo("POLL");
        assertThat(api.lead(PAGE_ONE.get(0).get("eventId").asText()).path("origin").asText()).isEqualTo("page start #1");
        assertThat(api.lead(PAGE_ONE.get(2).get("eventId").asText()).path("origin").asText()).isEqualTo("page start #3");
        // an invalid lead of the page is kept as INVALID, the others taken all the same
        var invalid = api.get("/api/v1/leads?state=INVALID&size=500").json().path("items");
        assertThat(invalid.findValuesAsText("eventId")).contains("POLL-BAD-000001");
        // two versions of one lead on a page: taken in the page's order, the second updates the first
        var updated = api.lead(FIRST_VERSION.get("eventId").asText());
        assertThat(updated.path("version").asLong()).isEqualTo(SECOND_VERSION.get("version").asLong());
        assertThat(updated.path("timeline").toString()).as(updated.toString()).contains("page start #4");

        // The broken page after c2 is asked for again and again, and the cursor stays at c2.
        await().atMost(Duration.ofSeconds(20)).until(() -> SMART_GRID.requests("/api/leads").stream()
                .filter(r -> r.param("since").equals("c2")).count() >= 3);
        assertThat(poll.cursor()).contains("c2");
        assertThat(SMART_GRID.requests("/api/leads").get(0).query()).contains("limit=");
    }

}
