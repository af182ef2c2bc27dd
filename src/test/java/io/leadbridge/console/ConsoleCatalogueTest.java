package io.leadbridge.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.routing.CatalogueStore;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.CatalogueCopy;
import io.leadbridge.support.Leads;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.leadbridge.console.ConsoleMvcTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The catalogue page (issue 18 point 4): the city office previews a file (nothing changes; a broken file shows every
 * problem by line), applies it (the disputed leads it places are routed again), and restores the version before;
 * everyone else reads the page and downloads, and may not change it.
 */
@BridgeTest
@AutoConfigureMockMvc
@DirtiesContext
class ConsoleCatalogueTest {

    static final String WITH_KILN = CatalogueCopy.ORIGINAL + "窑烧工坊,柴窑|窑烧,KILN,窑烧工坊,文化经营许可证,CULTURE,5,,\n";

    @DynamicPropertySource
    static void catalogueFile(DynamicPropertyRegistry registry) {
        CatalogueCopy.register(registry);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    CatalogueStore store;
    @Autowired
    AuditLog audit;
    @LocalServerPort
    int port;

    private Document page(MockHttpServletRequestBuilder request, String who) throws Exception {
        return Jsoup.parse(mvc.perform(as(request, who)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    private static MockMultipartFile file(String name, String content) {
        return new MockMultipartFile("file", name, "text/csv", content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCityOfficePreviewsAppliesAndRestoresACatalogue() throws Exception {
        Api api = new Api(port);
        ObjectNode kiln = Leads.disputed("NO_MATCH");
        kiln.put("businessScope", "柴窑窑烧工坊");
        kiln.put("description", "窑烧");
        assertThat(api.push(kiln.toString()).status()).isEqualTo(202);
        String ref = kiln.get("eventId").asText();
        String before = store.current().version();

        Document broken = page(multipart("/console/catalogue/preview")
                .file(file("坏目录.csv", CatalogueCopy.ORIGINAL + "窑烧工坊,,KILN,窑烧工坊,,NOWHERE,5,,\n")).with(csrf()), "admin");
        assertThat(broken.select("#catalogue-problems h2").text()).contains("坏目录.csv");
        assertThat(broken.select(".problem-row td").eachText()).as("line, column, problem")
                .contains(String.valueOf(CatalogueCopy.ORIGINAL.lines().count() + 1), "dept_code");

        Document preview = page(multipart("/console/catalogue/preview").file(file("kiln.csv", WITH_KILN)).with(csrf()), "admin");
        assertThat(preview.select("#report-outcomes li[data-outcome=ROUTED]").text()).startsWith("可分拨");
        assertThat(preview.select("#report-leads a").eachText()).contains(ref);
        assertThat(store.current().version()).as("a preview changes nothing").isEqualTo(before);
        assertThat(api.state(ref)).isEqualTo("DISPUTED");

        mvc.perform(as(multipart("/console/catalogue/apply").file(file("kiln.csv", WITH_KILN)).with(csrf()), "admin"))
                .andExpect(flash().attribute("done", "catalogueApplied"))
                .andExpect(flash().attribute("appliedOutcomes", org.hamcrest.Matchers.hasKey("ROUTED")));
        String applied = store.current().version();
        assertThat(applied).isNotEqualTo(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(ref)));
        assertThat(audit.find("admin", null, null, null, null, 20)).extracting(AuditLog.Entry::action).contains("CATALOGUE_WHAT_IF_APPLY");

        Document history = page(get("/console/catalogue"), "admin");
        assertThat(history.select("#catalogue-version").text()).isEqualTo(applied);
        assertThat(history.select(".history-row[data-version=" + before + "] button.restore")).hasSize(1);
        mvc.perform(as(post("/console/catalogue/restore").param("version", before).with(csrf()), "admin"))
                .andExpect(flash().attribute("done", "catalogueRestored"));
        assertThat(store.current().version()).isEqualTo(before);
    }

    @Test
    void acceptedTermsMakeTheDraftAndRejectedOnesDoNot() throws Exception {
        Api api = new Api(port);
        ObjectNode lead = Leads.disputed("NO_MATCH");
        lead.put("businessScope", "彩绘坊兼糖水档");
        ((ObjectNode) lead.get("grid")).put("townCode", BridgeTest.HUMEN);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        String ref = lead.get("eventId").asText();
        suggest(ref, "糖水档", null, "FOOD_SERVICE");
        suggest(ref, "彩绘坊", "CULTURE", null);
        suggest(ref, "坊", null, null);

        Document listed = page(get("/console/suggestions"), "admin");
        assertThat(listed.select(".suggestion-row a").eachAttr("href")).contains("/console/leads/" + ref);
        for (org.jsoup.nodes.Element row : listed.select(".suggestion-row")) {
            String term = row.select("td").first().text();
            String decision = term.equals("坊") ? "reject" : "accept";
            mvc.perform(as(post("/console/catalogue/suggestions/" + row.attr("data-id") + "/" + decision).with(csrf()), "admin"))
                    .andExpect(flash().attribute("done", decision.equals("accept") ? "termAccepted" : "termRejected"));
        }
        Document decided = page(get("/console/suggestions"), "humen");
        assertThat(decided.select(".suggestion-row .decision").eachText()).contains("已采纳（admin）", "已驳回（admin）");
        assertThat(decided.select("button.accept")).as("a coordinator decides nothing").isEmpty();
        String again = listed.select(".suggestion-row").first().attr("data-id");
        mvc.perform(as(post("/console/catalogue/suggestions/" + again + "/reject").with(csrf()), "admin"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("已处理过")));

        assertThat(page(get("/console/catalogue"), "admin").select(".draft-term").eachText()).containsExactly("糖水档 → FOOD_SERVICE", "彩绘坊");
        String draft = mvc.perform(as(get("/console/catalogue/draft"), "admin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(draft.lines().filter(l -> l.contains("FOOD_SERVICE,")).findFirst().orElseThrow()).contains("|糖水档,");
        assertThat(draft).contains("\n彩绘坊,,NEW_").contains(",CULTURE,0,,suggested by humen from lead " + ref).doesNotContain("\n坊,");
        assertThat(draft.lines().count()).isEqualTo(CatalogueCopy.ORIGINAL.lines().count() + 1);
    }

    private void suggest(String ref, String term, String dept, String industry) throws Exception {
        MockHttpServletRequestBuilder request = post("/console/leads/" + ref + "/suggest").param("term", term).with(csrf());
        if (dept != null) {
            request.param("dept", dept);
        }
        if (industry != null) {
            request.param("industry", industry);
        }
        mvc.perform(as(request, "humen")).andExpect(flash().attribute("done", "suggested"));
    }

    @Test
    void othersReadAndDownloadButMayNotChangeIt() throws Exception {
        for (String who : List.of("humen", "auditor")) {
            Document page = page(get("/console/catalogue"), who);
            assertThat(page.select("#catalogue-version").text()).isEqualTo(store.current().version());
            assertThat(page.select("#catalogue-upload")).as(who + " sees no upload").isEmpty();
            assertThat(page.select("button.restore")).isEmpty();
            mvc.perform(as(get("/console/catalogue/file"), who)).andExpect(status().isOk())
                    .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("keywords-")));
        }
        mvc.perform(as(multipart("/console/catalogue/preview").file(file("kiln.csv", WITH_KILN)).with(csrf()), "humen"))
                .andExpect(status().isForbidden());
        mvc.perform(as(post("/console/catalogue/restore").param("version", "x").with(csrf()), "humen"))
                .andExpect(status().isForbidden());
    }
}
