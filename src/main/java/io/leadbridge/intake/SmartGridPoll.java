package io.leadbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.config.BridgeProperties;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of the poll route. The cursor Smart-Grid gives is stored only after every lead of
 * its page is in the ledger: a crash mid-page takes the page again, and replays are duplicates.
 */
@Component
public class SmartGridPoll {

    /** The first page's name in an origin (no cursor yet). */
    public static final String FIRST_PAGE = "start";
    /** A polled lead's origin: "page <cursor> #<n>" (the console says it in words). */
    public static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile("page (.+) #(\\d+)");

    private static final Logger LOG = LoggerFactory.getLogger(SmartGridPoll.class);
    static final String SOURCE = "smart-grid";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final LeadIntake intake;
    private final Clock clock;
    private final int limit;

    public SmartGridPoll(JdbcClient jdbc, ObjectMapper json, LeadIntake intake, Clock clock,
                         BridgeProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.intake = intake;
        this.clock = clock;
        this.limit = properties.getIntake().getPoll().getLimit();
    }

    public Optional<String> cursor() {
        return jdbc.sql("SELECT cursor_value FROM poll_cursor WHERE source = ?").param(SOURCE).query(String.class).optional();
    }

    /** Sets up the GET of the next page. */
    public void request(Exchange exchange) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(null);
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        String since = cursor().orElse("");
        message.setHeader(Exchange.HTTP_QUERY, "since=" + URLEncoder.encode(since, StandardCharsets.UTF_8) + "&limit=" + limit);
    }

    /**
     * Takes in every lead of the page together (the intake's group commit: one wait for the page, not one for each
     * lead behind the queue's and the pushes' leads), then stores the next cursor.
     */
    public void takeIn(Exchange exchange) throws IOException {
        JsonNode page = json.readTree(exchange.getMessage().getBody(byte[].class));
        JsonNode items = page.path("items");
        if (!items.isArray()) {
            throw new IOException("Smart-Grid page has no items array");
        }
        String cursor = cursor().orElse(FIRST_PAGE);
        List<byte[]> bodies = new ArrayList<>(items.size());
        List<String> origins = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            bodies.add(json.writeValueAsBytes(item));
            origins.add(origin(cursor, bodies.size()));
        }
        intake.acceptAll(bodies, "POLL", origins);
        int count = bodies.size();
        JsonNode next = page.path("nextCursor");
        if (next.isTextual() && !next.asText().isEmpty()) {
            storeCursor(next.asText());
        }
        if (count > 0) {
            LOG.info("polled {} lead(s) from Smart-Grid; cursor now {}", count, next.asText(""));
        }
    }

    private void storeCursor(String cursor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.sql("UPDATE poll_cursor SET cursor_value = ?, updated_at = ? WHERE source = ?").params(cursor, now, SOURCE).update() == 0) {
            jdbc.sql("INSERT INTO poll_cursor (source, cursor_value, updated_at) VALUES (?, ?, ?)").params(SOURCE, cursor, now).update();
        }
    }

    static String origin(String cursor, int n) {
        return "page " + cursor + " #" + n;
    }
}
