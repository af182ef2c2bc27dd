package io.leadbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input by push: each a clear 4xx problem+json naming the field and problem, and the input kept as INVALID. */
@BridgeTest
class InvalidInputTest {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static ObjectNode lead() {
        return Leads.routedTo("CULTURE");
    }

    static Arguments bad(String name, int status, String field, String problemFragment, byte[] body) {
        return Arguments.of(name, status, field, problemFragment, body);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> badLeads() {
        ObjectNode missingAddress = lead();
        ((ObjectNode) missingAddress.get("subject")).remove("address");
        ObjectNode versionAsText = lead();
        versionAsText.put("version", "2");
        ObjectNode badEventId = lead();
        badEventId.put("eventId", "../../etc");
        ObjectNode unknownTown = lead();
        ((ObjectNode) unknownTown.get("grid")).put("townCode", "441900999");
        ObjectNode badState = lead();
        badState.put("licenseState", "MAYBE");
        ObjectNode badTime = lead();
        badTime.put("reportedAt", "2018-13-45 25:00");
        ObjectNode nullGrid = lead();
        nullGrid.putNull("grid");
        ObjectNode zeroVersion = lead();
        zeroVersion.put("version", 0);
        ObjectNode located = lead();
        ((ObjectNode) located.get("subject")).putObject("location").put("lng", 113.75).put("lat", 23.02);
        String locatedText = located.toString();
        ObjectNode southOfThePole = located.deepCopy();
        ((ObjectNode) southOfThePole.get("subject").get("location")).put("lat", -91);
        ObjectNode pastTheDateLine = located.deepCopy();
        ((ObjectNode) pastTheDateLine.get("subject").get("location")).put("lng", 200.5);
        ObjectNode farAhead = lead();
        farAhead.put("reportedAt", "9999-12-31T00:00:00+08:00");
        String good = lead().toString();
        String version = "\"version\":" + lead().get("version").asText();
        return Stream.of(
                // black-box findings (issue 16): numbers and times out of range, versions past 2^63-1
                bad("a number out of range (1e400)", 400, "subject.location.lng", "out of range",
                        utf8(locatedText.replace("113.75", "1e400"))),
                bad("latitude below -90", 400, "subject.location.lat", "minimum", utf8(southOfThePole.toString())),
                bad("longitude past 180", 400, "subject.location.lng", "maximum", utf8(pastTheDateLine.toString())),
                bad("reportedAt more than a day ahead", 400, "reportedAt", "more than a day", utf8(farAhead.toString())),
                bad("version past 2^63-1", 400, "version", "2^63-1", utf8(good.replace(version, "\"version\":9223372036854775808"))),
                bad("empty body", 400, "body", "empty", new byte[0]),
                bad("blank body", 400, "body", "blank", utf8("  \r\n ")),
                bad("not JSON", 400, "body", "not valid JSON", utf8("eventId=1&version=2")),
                bad("truncated JSON", 400, "body", "not valid JSON", utf8(good.substring(0, good.length() / 2))),
                bad("GBK bytes", 400, "body", "not valid UTF-8", good.replace("}", ",\"note\":\"网吧\"}").getBytes(Charset.forName("GBK"))),
                bad("a JSON array", 400, "body", "JSON object", utf8("[" + good + "]")),
                bad("duplicate keys", 400, "body", "Duplicate field", utf8(good.replaceFirst("\\{", "{\"version\":1,"))),
                bad("trailing garbage", 400, "body", "not valid JSON", utf8(good + " {}")),
                bad("over the size limit", 413, "body", "limit", utf8(good.replace("}", ",\"description\":\"" + "长".repeat(100_000) + "\"}"))),
                bad("required field missing", 400, "subject.address", "required", utf8(missingAddress.toString())),
                bad("number as string", 400, "version", "integer", utf8(versionAsText.toString())),
                bad("eventId breaks its pattern", 400, "eventId", "pattern", utf8(badEventId.toString())),
                bad("town not in the towns table", 400, "grid.townCode", "towns table", utf8(unknownTown.toString())),
                bad("licenseState not in the enum", 400, "licenseState", "enumeration", utf8(badState.toString())),
                bad("reportedAt not a date-time", 400, "reportedAt", "date-time", utf8(badTime.toString())),
                bad("null where an object belongs", 400, "grid", "object", utf8(nullGrid.toString())),
                bad("version below its minimum", 400, "version", "minimum", utf8(zeroVersion.toString())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLeads")
    void badLeadIsRefusedWithAProblemAndKeptAsInvalid(String name, int status, String field, String fragment, byte[] body) {
        Api.Answer answer = api.push(BridgeTest.SMART_GRID_KEY, body, "application/json");

        assertThat(answer.status()).as(name).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        List<String> fields = problem.path("errors").findValuesAsText("field");
        assertThat(fields).as(name + ": fields named").contains(field);
        assertThat(problem.path("errors").toString()).as(name + ": problem told").containsIgnoringCase(fragment);
        String ref = problem.path("ref").asText();
        assertThat(ref).startsWith("invalid-");

        JsonNode kept = api.lead(ref);
        assertThat(kept.path("state").asText()).isEqualTo("INVALID");
        assertThat(kept.path("errors").findValuesAsText("field")).contains(field);
        assertThat(kept.path("raw").isTextual()).isEqualTo(body.length > 0);
        assertThat(kept.path("timeline").findValuesAsText("event")).containsExactly("INVALID");
    }

    @Test
    void invalidLeadsAreListedForReview() {
        Api.Answer answer = api.push("{\"eventId\":\"INV-LIST-1\"}");
        assertThat(answer.status()).isEqualTo(400);
        String ref = answer.json().path("ref").asText();
        assertThat(api.get("/api/v1/leads?state=INVALID&size=500").json().path("items").findValuesAsText("ref")).contains(ref);
        assertThat(api.get("/api/v1/review?reason=INVALID&size=500").json().path("items").findValuesAsText("ref")).contains(ref);
    }

    /** 415 too is kept as INVALID with a ref (issue 16, point 4); its text read in the charset it declared. */
    @Test
    void contentTypeThatIsNotJsonInUtf8Is415AndKept() {
        ObjectNode lead = lead();
        lead.put("description", "无证经营的网吧");
        Api.Answer plain = api.push(BridgeTest.SMART_GRID_KEY, utf8(lead.toString()), "text/plain");
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.json().path("ref").asText()).startsWith("invalid-");
        Api.Answer gbk = api.push(BridgeTest.SMART_GRID_KEY, lead.toString().getBytes(Charset.forName("GBK")),
                "application/json; charset=GBK");
        assertThat(gbk.status()).isEqualTo(415);
        assertThat(gbk.json().path("errors").findValuesAsText("field")).containsExactly("Content-Type");
        assertThat(gbk.json().path("errors").toString()).contains("UTF-8");
        JsonNode kept = api.lead(gbk.json().path("ref").asText());
        assertThat(kept.path("state").asText()).isEqualTo("INVALID");
        assertThat(kept.path("raw").asText()).contains("无证经营的网吧");
        assertThat(kept.path("townCode").asText()).isEqualTo(lead.path("grid").path("townCode").asText());
        // found by its own eventId (point 9): the latest refused input, with the others
        JsonNode byEventId = api.lead(lead.get("eventId").asText());
        assertThat(byEventId.path("ref").asText()).isEqualTo(gbk.json().path("ref").asText());
        assertThat(byEventId.path("refused").findValuesAsText("ref"))
                .containsExactly(gbk.json().path("ref").asText(), plain.json().path("ref").asText());
    }

    @Test
    void missingOrWrongKeyIs401AndOnlySmartGridMayPush() {
        byte[] body = utf8(lead().toString());
        Api.Answer none = api.push(null, body, "application/json");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(api.push("not-a-key", body, "application/json").status()).isEqualTo(401);
        assertThat(api.push(BridgeTest.OPS_KEY, body, "application/json").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/leads", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/leads", BridgeTest.HEALTH_KEY).status()).isEqualTo(403);
    }

    @Test
    void unknownLeadIs404AndABadPageIs400() {
        assertThat(api.get("/api/v1/leads/NO-SUCH-LEAD-1").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/leads?size=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/leads?state=NOT_A_STATE").status()).isEqualTo(400);
    }
}
