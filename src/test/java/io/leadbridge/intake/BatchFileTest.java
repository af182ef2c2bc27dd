package io.leadbridge.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batch files: good lines taken in, bad lines kept and reported, the file moved to done/ or error/. */
@BridgeTest
class BatchFileTest {

    @LocalServerPort
    int port;
    @Value("${bridge.intake.file.inbox}")
    Path inbox;

    @Test
    void fileWithBadLinesGoesToErrorWithAReportAndItsGoodLinesAreTakenIn() throws Exception {
        Api api = new Api(port);
        ObjectNode first = Leads.routedTo("AGRI");
        ObjectNode second = Leads.disputed("NO_PERMIT_RULE");
        String content = first + "\r\n"
                + "{\"eventId\": \"BATCH-BAD-0001\", \"version\": 1}\r\n"
                + "\r\n"
                + "not json at all\n"
                + second + "\n";
        drop("survey-1.ndjson", content);

        // The file is moved when its whole exchange is done, after its last line.
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("error/survey-1.ndjson")));
        assertThat(api.state(first.get("eventId").asText())).isIn("ROUTED", "DISPATCHED");
        assertThat(api.state(second.get("eventId").asText())).isEqualTo("DISPUTED");
        assertThat(api.lead(first.get("eventId").asText()).path("origin").asText()).isEqualTo("survey-1.ndjson:1");
        assertThat(inbox.resolve("error/survey-1.ndjson")).exists();
        assertThat(inbox.resolve("survey-1.ndjson")).doesNotExist();
        String report = Files.readString(inbox.resolve("error/survey-1.ndjson.report.txt"), StandardCharsets.UTF_8);
        assertThat(report).contains("line 2: Invalid lead").contains("reportedAt: is required")
                .contains("line 4: Not JSON").doesNotContain("line 1:").doesNotContain("line 3:").doesNotContain("line 5:");
    }

    @Test
    void fileWithOnlyGoodLinesGoesToDone() throws Exception {
        Api api = new Api(port);
        ObjectNode lead = Leads.routedTo("WATER");
        drop("survey-2.jsonl", lead + "\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("done/survey-2.jsonl")));
        assertThat(inbox.resolve("error/survey-2.jsonl.report.txt")).doesNotExist();
        assertThat(api.state(lead.get("eventId").asText())).isIn("ROUTED", "DISPATCHED");
    }

    @Test
    void aFileMetBeforeResumesAfterTheLastLineTakenIn() throws Exception {
        Api api = new Api(port);
        ObjectNode one = Leads.routedTo("WATER");
        ObjectNode two = Leads.routedTo("WATER");
        ObjectNode three = Leads.routedTo("WATER");
        Files.createDirectories(inbox);
        Path temp = inbox.resolve(".survey-3.ndjson.tmp");
        Files.writeString(temp, one + "\n" + two + "\n" + three + "\n", StandardCharsets.UTF_8);
        // as if the bridge had died after taking in line 2 of this very file (same name, size and time)
        String key = "survey-3.ndjson:" + Files.size(temp) + ":" + Files.getLastModifiedTime(temp).toMillis();
        jdbc.sql("INSERT INTO batch_progress (file_key, file_name, lines_done, lead_lines, bad_lines, started_at, updated_at)"
                + " VALUES (?, 'survey-3.ndjson', 2, 2, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)").param(key).update();
        Files.move(temp, inbox.resolve("survey-3.ndjson"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve("done/survey-3.ndjson")));
        assertThat(api.state(three.get("eventId").asText())).isIn("ROUTED", "DISPATCHED");
        assertThat(api.get("/api/v1/leads/" + one.get("eventId").asText(), api.opsKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/leads/" + two.get("eventId").asText(), api.opsKey()).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM batch_progress WHERE file_key = ?").param(key).query(Long.class).single())
                .as("a finished file's progress is dropped").isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private void drop(String name, String content) throws Exception {
        Files.createDirectories(inbox);
        Path temp = inbox.resolve("." + name + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, inbox.resolve(name));
    }
}
