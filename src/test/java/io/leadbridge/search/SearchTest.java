package io.leadbridge.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Search through the real API (issue 18 point 2): by name, address, operator and inspector, folded for script and
 * width; by eventId and case number whole; a coordinator's town; a new version found by its new text; a query too
 * short refused naming q. Each test's leads carry a word of their own, so tests do not see each other's.
 */
@BridgeTest
class SearchTest {

    @LocalServerPort
    int port;
    @Autowired
    SearchIndex index;
    Api api;
    String tag;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        // six random letters: grams other tests' leads do not hold
        tag = new java.util.Random().ints(6, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
    }

    @Test
    void findsByNameAddressOperatorAndInspectorWhateverTheScriptOrWidth() {
        ObjectNode lead = lead("鸿运" + tag + "製鞋坊", "解放路" + tag + "八十八號", "陳大文", "格" + tag);
        String eventId = push(lead);
        indexed();

        assertThat(eventIds(search("鸿运" + tag + "制鞋"))).as("simplified finds traditional").containsExactly(eventId);
        assertThat(eventIds(search(fullWidth(tag) + "製鞋坊"))).as("full-width letters").containsExactly(eventId);
        assertThat(eventIds(search("解放路" + tag + "八十八号"))).as("address").containsExactly(eventId);
        assertThat(eventIds(search("陈大文"))).as("operator").contains(eventId);
        assertThat(eventIds(search("格" + tag))).as("inspector's id").containsExactly(eventId);
        assertThat(eventIds(search(tag + "不存在"))).as("nothing").isEmpty();
    }

    @Test
    void findsByEventIdAndCaseNumberWhole() {
        String eventId = push(Leads.routedTo("CULTURE"));
        String caseNo = await().until(() -> api.lead(eventId).path("caseNo").asText(null), c -> c != null && !c.isEmpty());

        assertThat(eventIds(search(eventId))).containsExactly(eventId);
        assertThat(eventIds(search(caseNo))).containsExactly(eventId);
    }

    @Test
    void gramsThatOccurApartAreNotAMatch() {
        // 老王 in the name, 王鞋 in the address: both grams of 老王鞋, but not together
        String apart = push(lead("老王" + tag, "王鞋" + tag + "街", "李四", "格一"));
        String together = push(lead("老王鞋" + tag, "东城" + tag + "路", "李四", "格一"));
        indexed();

        assertThat(eventIds(search("老王鞋" + tag))).containsExactly(together);
        assertThat(eventIds(search("老王" + tag))).containsExactly(apart);
        assertThat(apart).isNotEqualTo(together);
    }

    @Test
    void aTownOnlySeesItsOwn() {
        ObjectNode humen = lead("同名" + tag + "小店", "路" + tag, "张三", "格二");
        ObjectNode other = lead("同名" + tag + "小店", "街" + tag, "张三", "格二");
        String otherTown = other.path("grid").path("townCode").asText();
        if (otherTown.equals(BridgeTest.HUMEN)) {
            ((ObjectNode) other.get("grid")).put("townCode", "441900003");
        }
        ((ObjectNode) humen.get("grid")).put("townCode", BridgeTest.HUMEN);
        String inHumen = push(humen);
        String elsewhere = push(other);
        indexed();

        assertThat(eventIds(search("同名" + tag))).containsExactlyInAnyOrder(inHumen, elsewhere);
        Api.Answer town = api.get("/api/v1/leads?q=" + url("同名" + tag) + "&town=" + BridgeTest.HUMEN);
        assertThat(eventIds(town.json())).containsExactly(inHumen);
    }

    @Test
    void aNewVersionIsFoundByItsNewText() {
        ObjectNode lead = lead("旧名" + tag, "路" + tag, "王五", "格三");
        String eventId = push(lead);
        ((ObjectNode) lead.get("subject")).put("name", "新名" + tag);
        lead.put("version", lead.get("version").asLong() + 1);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        indexed();

        assertThat(eventIds(search("新名" + tag))).containsExactly(eventId);
        assertThat(eventIds(search("旧名" + tag))).as("the text it replaced no longer matches").isEmpty();
    }

    @Test
    void aQueryTooShortOrCombinedWithOtherFiltersIsRefusedNamingTheField() {
        Api.Answer oneCharacter = api.get("/api/v1/leads?q=" + url("鞋"));
        assertThat(oneCharacter.status()).isEqualTo(400);
        assertThat(oneCharacter.body()).contains("q: at least 2");
        Api.Answer withState = api.get("/api/v1/leads?q=" + url("鞋店") + "&state=CLOSED");
        assertThat(withState.status()).isEqualTo(400);
        assertThat(withState.body()).contains("state: not with q");
    }

    private ObjectNode lead(String name, String address, String operator, String inspectorId) {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ObjectNode subject = (ObjectNode) lead.get("subject");
        subject.put("name", name);
        subject.put("address", address);
        subject.put("operatorName", operator);
        ((ObjectNode) lead.get("inspector")).put("id", inspectorId);
        return lead;
    }

    private String push(ObjectNode lead) {
        Api.Answer answer = api.push(lead.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return lead.get("eventId").asText();
    }

    private void indexed() {
        await().until(() -> index.pending() == 0);
    }

    private JsonNode search(String q) {
        Api.Answer answer = api.get("/api/v1/leads?q=" + url(q));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> eventIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("eventId").asText()));
        return ids;
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String fullWidth(String ascii) {
        StringBuilder out = new StringBuilder();
        ascii.chars().forEach(c -> out.append((char) (c - 0x21 + 0xFF01)));
        return out.toString();
    }
}
