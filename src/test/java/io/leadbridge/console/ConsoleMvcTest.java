package io.leadbridge.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every console action and refusal, through Spring MVC and Spring Security. */
@BridgeTest
@AutoConfigureMockMvc
class ConsoleMvcTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditLog audit;
    @Autowired
    LeadLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    io.leadbridge.search.SearchIndex search;
    @Autowired
    io.leadbridge.routing.CatalogueStore catalogue;
    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String who) {
        String role = switch (who) {
            case "admin" -> "CITY_ADMIN";
            case "humen" -> "TOWN_COORDINATOR";
            default -> "AUDITOR";
        };
        return request.with(user(who).roles(role));
    }

    private String disputedIn(String town) {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", town);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        return lead.get("eventId").asText();
    }

    /** The coordinator assigns the lead to CULTURE, and its case reaches the department. */
    private void dispatchedToCulture(String ref) throws Exception {
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "CULTURE").param("reason", "文化类").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "assigned"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(ref)));
    }

    /** CULTURE sends the case back: not its remit, AMR suggested. */
    private void objectionSuggestingAmr(String ref) {
        String caseNo = api.lead(ref).path("caseNo").asText();
        String at = java.time.LocalDateTime.now(io.leadbridge.config.ClockConfig.CITY_ZONE).format(io.leadbridge.config.ClockConfig.LOCAL_TIME);
        assertThat(api.post("/api/v1/cases/" + caseNo + "/feedback", BridgeTest.CULTURE_KEY, "{\"case_no\":\"" + caseNo
                + "\",\"dept_code\":\"CULTURE\",\"dispatch_seq\":1,\"type\":\"OBJECTION\",\"at\":\"" + at + "\","
                + "\"objection\":{\"reason_code\":\"NOT_OUR_REMIT\",\"suggested_dept\":\"AMR\",\"note\":\"无需许可\"}}").status())
                .isEqualTo(200);
    }

    private List<AuditLog.Entry> auditOf(String ref) {
        return audit.find(null, null, ref, null, null, 100);
    }

    @Test
    void signInIsRequiredAndTheConsoleSpeaksChineseByDefault() throws Exception {
        mvc.perform(get("/console")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrlPattern("**/login"));
        mvc.perform(formLogin("/login").user("humen").password(BridgeTest.PASSWORD))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/console"));
        mvc.perform(as(get("/console"), "humen")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("待人工处理的线索")))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")))
                // photos from the configured attachment host (and the bridge itself), nothing else
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("img-src 'self' data: https://photos.example.test;")));
        mvc.perform(as(get("/console?lang=en"), "humen"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Leads that need a person")));
    }

    /** A report of a business whose case is open is shown merged, with the report it joined and why (issue 17). */
    @Test
    void aMergedReportShowsTheReportItJoined() throws Exception {
        ObjectNode first = Leads.routedTo("CULTURE");
        assertThat(api.push(first.toString()).status()).isEqualTo(202);
        ObjectNode again = first.deepCopy();
        again.put("eventId", first.get("eventId").asText() + "-again");
        again.with("subject").put("address", first.get("subject").get("address").asText() + " 一楼");
        assertThat(api.push(again.toString()).json().path("state").asText()).isEqualTo("MERGED");
        String page = mvc.perform(as(get("/console/leads/" + again.get("eventId").asText()), "admin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("已合并").contains("同一经营主体的其他报告").contains("重复报告（并入在办案件）")
                .contains(first.get("eventId").asText()).contains("address");
        // side by side: the two reports' names, operators, addresses..., an auditor's with personal data masked
        assertThat(page).contains("id=\"side-by-side\"").contains("经营者").contains(again.get("subject").get("address").asText());
        String idNumber = first.path("subject").path("operatorIdNumber").asText();
        if (!idNumber.isEmpty()) {
            assertThat(page).contains(idNumber);
            assertThat(mvc.perform(as(get("/console/leads/" + again.get("eventId").asText()), "auditor")).andReturn().getResponse()
                    .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(idNumber);
        }

        // a person says it is not the same business: the links go, and the report is routed and dispatched as usual
        String merged = again.get("eventId").asText();
        mvc.perform(as(post("/console/leads/" + merged + "/unlink").param("reason", "").with(csrf()), "admin"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("请说明原因")));
        mvc.perform(as(post("/console/leads/" + merged + "/unlink").param("reason", "另一家店，同一门牌").with(csrf()), "admin"))
                .andExpect(flash().attribute("done", "unlinked"));
        assertThat(api.lead(merged).path("related").size()).isZero();
        assertThat(api.lead(merged).path("caseNo").asText()).startsWith("QW");
        assertThat(auditOf(merged)).anySatisfy(e -> assertThat(e.action()).isEqualTo("UNLINK"));

        // and links it again by hand (ops, by the API): both keep their cases, the link is recorded
        Api.Answer linked = api.post("/api/v1/review/" + merged + "/link", api.opsKey(),
                "{\"other\":\"" + first.get("eventId").asText() + "\",\"reason\":\"同一经营者\"}");
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.json().path("related").get(0).path("why").asText()).contains("linked by hand");
        assertThat(auditOf(merged)).anySatisfy(e -> assertThat(e.action()).isEqualTo("LINK"));
    }

    /** 久治未清: a business reported three times is listed, with every report; a coordinator sees their own town's. */
    @Test
    void aBusinessReportedThreeTimesIsOnTheStubbornList() throws Exception {
        ObjectNode first = Leads.routedTo("CULTURE");
        first.with("grid").put("townCode", BridgeTest.HUMEN);
        assertThat(api.push(first.toString()).status()).isEqualTo(202);
        for (String n : List.of("-2", "-3")) {
            ObjectNode again = first.deepCopy();
            again.put("eventId", first.get("eventId").asText() + n);
            assertThat(api.push(again.toString()).json().path("state").asText()).isEqualTo("MERGED");
        }
        String firstId = first.get("eventId").asText();
        String page = mvc.perform(as(get("/console/stubborn"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("久治未清").contains(firstId).contains(firstId + "-3").contains("已合并");
        ObjectNode elsewhere = Leads.routedTo("CULTURE");
        elsewhere.with("grid").put("townCode", "441900101");
        api.push(elsewhere.toString());
        for (String n : List.of("-2", "-3")) {
            ObjectNode again = elsewhere.deepCopy();
            again.put("eventId", elsewhere.get("eventId").asText() + n);
            api.push(again.toString());
        }
        assertThat(mvc.perform(as(get("/console/stubborn"), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(elsewhere.get("eventId").asText());
        assertThat(mvc.perform(as(get("/console/stubborn"), "admin")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains(elsewhere.get("eventId").asText());
    }

    @Test
    void repeatedFailedSignInsLockTheAccount() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(formLogin("/login").user("locky").password("wrong")).andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(formLogin("/login").user("locky").password(BridgeTest.PASSWORD)).andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void signInsAreRateLimitedPerClientAddress() throws Exception {
        int status = 0;
        for (int i = 0; i < 31; i++) {
            status = mvc.perform(post("/login").param("username", "nobody-" + i).param("password", "x").with(csrf())
                    .with(r -> { r.setRemoteAddr("10.9.9.9"); return r; })).andReturn().getResponse().getStatus();
        }
        assertThat(status).isEqualTo(429);
        mvc.perform(post("/login").param("username", "humen").param("password", BridgeTest.PASSWORD).with(csrf())
                .with(r -> { r.setRemoteAddr("10.9.9.10"); return r; })).andExpect(redirectedUrl("/console"));
    }

    @Test
    void aCoordinatorSeesOnlyTheirTownAndAnotherTownsLeadIs404() throws Exception {
        String mine = disputedIn(BridgeTest.HUMEN);
        String theirs = disputedIn("441900401");
        String page = mvc.perform(as(get("/console?cause=NO_MATCH&town=441900401&sort=newest"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains(mine).doesNotContain(theirs);
        mvc.perform(as(get("/console/leads/" + theirs), "humen")).andExpect(status().isNotFound());
        mvc.perform(as(post("/console/leads/" + theirs + "/note").param("text", "x").with(csrf()), "humen"))
                .andExpect(status().isNotFound());
        mvc.perform(as(get("/console/leads/" + theirs), "admin")).andExpect(status().isOk());
    }

    @Test
    void anAuditorReadsButCannotAct() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        String page = mvc.perform(as(get("/console/leads/" + ref), "auditor")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("assign-form").doesNotContain("id=\"actions\"");
        assertThat(page).contains("441***");
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").with(csrf()), "auditor"))
                .andExpect(status().isForbidden());
        assertThat(api.state(ref)).isEqualTo("DISPUTED");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR"), "humen")).andExpect(status().isForbidden());
    }

    @Test
    void assignDispatchesManuallyAndIsAudited() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").param("reason", "陶艺属一般行业")
                        .with(csrf()), "humen"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("done", "assigned"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(ref)));
        AuditLog.Entry entry = auditOf(ref).get(0);
        assertThat(entry.action()).isEqualTo("ASSIGN");
        assertThat(entry.actor()).isEqualTo("humen");
        assertThat(entry.channel()).isEqualTo("CONSOLE");
        assertThat(entry.reason()).isEqualTo("陶艺属一般行业");
        assertThat(entry.before()).startsWith("DISPUTED NO_MATCH");
        assertThat(entry.after()).startsWith("ROUTED AMR seq 1");
        // Assigning it again is refused: it is no longer waiting.
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").param("reason", "再派").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("只有待统筹或投递失败的线索可以指派")));
        String another = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + another + "/assign").param("dept", "NOWHERE").param("reason", "x").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("不是已登记的部门")));
        // an assignment says why; the page offers it (and dismiss) only while the lead waits for a person
        mvc.perform(as(post("/console/leads/" + another + "/assign").param("dept", "AMR").param("reason", " ").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("指派须说明原因")));
        assertThat(api.state(another)).isEqualTo("DISPUTED");
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(ref)));
        String dispatched = mvc.perform(as(get("/console/leads/" + ref), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(dispatched).doesNotContain("id=\"assign-form\"").doesNotContain("id=\"dismiss-form\"");
        assertThat(mvc.perform(as(get("/console/leads/" + another), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("id=\"assign-form\"").contains("id=\"dismiss-form\"");
    }

    /** 督办 from the lead page: offered only on a case a department holds, with a new deadline, in the timeline and the audit. */
    @Test
    void aCoordinatorUrgesADispatchedCase() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        String waiting = mvc.perform(as(get("/console/leads/" + ref), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(waiting).as("no 督办 on a lead no department holds").doesNotContain("id=\"urge-form\"");
        mvc.perform(as(post("/console/leads/" + ref + "/urge").param("note", "催办").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("当前状态为“待统筹”：只有部门在办的案件")));
        // the refusal in the reader's language, its state too; the API says it in English
        mvc.perform(as(post("/console/leads/" + ref + "/urge").param("note", "催办").param("lang", "en").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.startsWith("Lead " + ref + " is Waiting for the town: only a case")));
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").param("reason", "一般行业").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "assigned"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(ref)));
        String page = mvc.perform(as(get("/console/leads/" + ref), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("id=\"urge-form\"").contains("督办");
        String deadline = java.time.LocalDate.now(io.leadbridge.config.ClockConfig.CITY_ZONE).plusDays(5).toString();
        mvc.perform(as(post("/console/leads/" + ref + "/urge").param("note", "请尽快签收").param("deadline", deadline).with(csrf()),
                        "humen"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("done", "urged"));
        AuditLog.Entry entry = auditOf(ref).get(0);
        assertThat(entry.action()).isEqualTo("URGE");
        assertThat(entry.reason()).isEqualTo("请尽快签收");
        assertThat(entry.after()).isEqualTo("URGED until " + deadline);
        assertThat(api.lead(ref).path("timeline").findValuesAsText("event")).contains("URGED");
        assertThat(jdbc.sql("SELECT body FROM notice WHERE lead_id = (SELECT id FROM lead WHERE event_key = ?) AND kind = 'URGE'")
                .param(ref).query(String.class).single()).contains("请尽快签收").contains(deadline + " 23:59:59");
    }

    /** Cases after dispatch: the town's open cases by tab, overdue first, with the working days left; only its own town. */
    @Test
    void theOpenCasesPageCountsDownTheDeadlines() throws Exception {
        String mine = disputedIn(BridgeTest.HUMEN);
        String other = disputedIn("441900401");
        for (String ref : List.of(mine, other)) {
            mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").param("reason", "一般行业").with(csrf()), "admin"))
                    .andExpect(flash().attribute("done", "assigned"));
            await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(ref)));
        }
        String waiting = mvc.perform(as(get("/console/cases").param("tab", "DISPATCHED"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(waiting).contains("在办案件").contains(">" + mine + "<").doesNotContain(other).contains("个工作日");
        // the accept deadline passes unsigned: the case is on the overdue tab, counted late
        jdbc.sql("UPDATE lead SET deadline_accept = ?, overdue_accept_at = ? WHERE event_key = ?")
                .params(java.time.OffsetDateTime.now().minusDays(7), java.time.OffsetDateTime.now(), mine).update();
        String overdue = mvc.perform(as(get("/console/cases"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(overdue).contains(">" + mine + "<").contains("逾期").contains("class=\"late\"");
        String city = mvc.perform(as(get("/console/cases").param("tab", "DISPATCHED").param("lang", "en"), "auditor"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(city).contains(">" + other + "<").contains("Open cases");
    }

    /** A claim locks the lead for others until its holder hands it over (or releases it); the lead page offers what is allowed. */
    @Test
    void aClaimLocksTheLeadForOthersUntilItIsHandedOver() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + ref + "/claim").param("claim", "true").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "claimed"));
        String seenByAdmin = mvc.perform(as(get("/console/leads/" + ref), "admin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(seenByAdmin).contains("此线索已由 humen 认领").doesNotContain("id=\"assign-form\"").contains("id=\"hand-over-form\"");
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").param("reason", "一般行业").with(csrf()), "admin"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("已由 humen 认领")));
        assertThat(api.state(ref)).isEqualTo("DISPUTED");

        // the holder hands it over to the city office, which may now act; the coordinator can no longer take it back
        mvc.perform(as(post("/console/leads/" + ref + "/hand-over").param("to", "auditor").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("只能移交给可处理该镇街线索的用户")));
        mvc.perform(as(post("/console/leads/" + ref + "/hand-over").param("to", "admin").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "handedOver"));
        assertThat(jdbc.sql("SELECT claimed_by FROM lead WHERE event_key = ?").param(ref).query(String.class).single()).isEqualTo("admin");
        mvc.perform(as(post("/console/leads/" + ref + "/claim").param("claim", "true").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("已由 admin 认领")));
        mvc.perform(as(post("/console/leads/" + ref + "/assign").param("dept", "AMR").param("reason", "一般行业").with(csrf()), "admin"))
                .andExpect(flash().attribute("done", "assigned"));
        assertThat(audit.find(null, null, ref, null, null, 50).stream().map(AuditLog.Entry::action)).contains("CLAIM", "HAND_OVER", "ASSIGN");
    }

    /** The bulletin page (issue 18 point 4): a month's tables on the page, its xlsx and csv files, each export audited. */
    @Test
    void theCityOfficeReadsTheBulletinAndDownloadsItsFiles() throws Exception {
        java.time.YearMonth month = java.time.YearMonth.now(io.leadbridge.config.ClockConfig.CITY_ZONE);
        String page = mvc.perform(as(get("/console/bulletin").param("month", month.toString()), "admin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("无证无照经营整治工作通报（" + month.getYear() + "年" + month.getMonthValue() + "月）")
                .contains("月度通报").contains("format=xlsx").contains("<table class=\"bulletin\">");
        byte[] xlsx = mvc.perform(as(get("/console/bulletin/file").param("month", month.toString()).param("format", "xlsx"), "auditor"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.containsString("bulletin-" + month + ".xlsx")))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(new String(xlsx, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1)).as("a zip (xlsx)").isEqualTo("PK");
        mvc.perform(as(get("/console/bulletin/file").param("month", month.toString()).param("format", "csv"), "admin"))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("text/csv"));
        mvc.perform(as(get("/console/bulletin/file").param("month", month.toString()).param("format", "pdf"), "admin"))
                .andExpect(status().isBadRequest());
        // a town's coordinator reads it too: the towns are ranked in it
        mvc.perform(as(get("/console/bulletin"), "humen")).andExpect(status().isOk());
        assertThat(audit.find("auditor", "EXPORT", null, null, null, 10).stream().map(AuditLog.Entry::reason))
                .contains("bulletin-" + month + ".xlsx");
    }

    /** The search box: a town's coordinator finds a lead of theirs, named in traditional characters, by simplified ones; not another town's. */
    @Test
    void theSearchPageFindsByShopNameWithinTheTown() throws Exception {
        // two shops of one name in two towns, reported in traditional characters
        List<String> refs = new java.util.ArrayList<>();
        for (String town : List.of(BridgeTest.HUMEN, "441900401")) {
            ObjectNode lead = Leads.disputed("NO_MATCH");
            ((ObjectNode) lead.get("grid")).put("townCode", town);
            ((ObjectNode) lead.get("subject")).put("name", "搜尋測試鞋店");
            lead.put("reportedAt", town.equals(BridgeTest.HUMEN) ? "2019-03-05T23:30:00+08:00" : "2019-03-06T00:30:00+08:00");
            assertThat(api.push(lead.toString()).status()).isEqualTo(202);
            refs.add(lead.get("eventId").asText());
        }
        String mine = refs.get(0);
        String other = refs.get(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> search.pending() == 0);
        String page = mvc.perform(as(get("/console/search").param("q", "搜寻测试鞋店"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("搜索线索").contains(">" + mine + "<").doesNotContain(other).contains("找到 1 条");
        String city = mvc.perform(as(get("/console/search").param("q", "搜尋測試"), "admin")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(city).contains(">" + mine + "<").contains(">" + other + "<");
        // within the days the inspector reported them on (in the city), or the bridge received them on; the pager keeps them
        String reported = mvc.perform(as(get("/console/search").param("q", "搜尋測試").param("dates", "reported")
                .param("from", "2019-03-06").param("to", "2019-03-06"), "admin")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(reported).contains(">" + other + "<").doesNotContain(mine).contains("找到 1 条");
        String today = java.time.LocalDate.now(io.leadbridge.config.ClockConfig.CITY_ZONE).toString();
        String received = mvc.perform(as(get("/console/search").param("q", "搜尋測試").param("from", today), "admin")).andReturn()
                .getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(received).contains(">" + mine + "<").contains(">" + other + "<");
        String before = mvc.perform(as(get("/console/search").param("q", "搜尋測試").param("to", "2019-03-06"), "admin")).andReturn()
                .getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(before).as("received long after 2019").doesNotContain(mine).doesNotContain(other);
        String tooShort = mvc.perform(as(get("/console/search").param("q", "鞋"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(tooShort).contains("请至少输入 2 个字或数字");
    }

    /**
     * No zh-CN page shows a code where a word belongs: a lead that went through assign, dispatch, 督办 and an
     * objection, its page and the audit page, read as the coordinator sees them (free-text details, the JSON as
     * received and as sent are left out: they are data, not labels).
     */
    @Test
    void noChineseScreenShowsAnUntranslatedCode() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        dispatchedToCulture(ref);
        mvc.perform(as(post("/console/leads/" + ref + "/urge").param("note", "请尽快签收").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "urged"));
        objectionSuggestingAmr(ref);
        java.util.Set<String> codes = new java.util.TreeSet<>();
        for (io.leadbridge.ledger.LeadState state : io.leadbridge.ledger.LeadState.values()) {
            codes.add(state.name());
        }
        codes.addAll(List.of("RECEIVED", "ROUTED", "DISPATCHED", "URGED", "URGE_DELIVERED", "OBJECTION", "ASSIGNED", "ASSIGN", "URGE",
                "DELIVERED", "RETRY", "WAITING", "NOT_OUR_REMIT", "CONSOLE", "API", "TOWN_COORDINATOR", "CULTURE", "AMR", "NO_MATCH",
                "FILE", "UPLOAD", "RESTORE", "WHAT_IF_APPLY", "MAJOR", "NORMAL", "ACCEPTED", "REJECTED"));
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("\\b(" + String.join("|", codes) + ")\\b");
        // in English, departments and towns by the code tables' English names
        String english = mvc.perform(as(get("/console/leads/" + ref).param("lang", "en"), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(english).contains("Market Regulation Administration").contains("Culture, Radio, Tourism and Sports Bureau")
                .contains("Humen Town").contains("Sent back (objection)");
        // the timeline's details are sentences in the reader's language, with names, not the bridge's English and codes
        String chinese = mvc.perform(as(get("/console/leads/" + ref), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        String said = String.join(" | ", cells(chinese, "said"));
        assertThat(chinese).as("the router's decision as a sentence").contains("<strong>系统无法确定部门：无匹配（新业态）</strong>");
        assertThat(said).as("the zh-CN timeline's details")
                .contains("第 1 版，经推送接收（来自 127.0.0.1）").contains("系统无法确定部门：无匹配（新业态）").contains("指派至 东莞市文化广电旅游体育局，说明：文化类")
                .contains("督办 东莞市文化广电旅游体育局 办理案件").contains("请尽快签收（督办通知 1）")
                .contains("退单理由：不属本部门职责，建议部门：东莞市市场监督管理局，说明：无需许可；第 1 次退单")
                .doesNotContainPattern("(?i)\\b(case|dispatch|delivered|attempts?|urged|notice|version|objection|routed|by)\\b");
        assertThat(String.join(" | ", cells(english, "said"))).as("the English timeline's details")
                .contains("urged at Culture, Radio, Tourism and Sports Bureau: 请尽快签收 (Urge 1)")
                .contains("reason: Not this department's remit, suggests: Market Regulation Administration");
        for (String page : List.of("/console/leads/" + ref, "/console/audit?lead=" + ref, "/console/cases", "/console/dashboard",
                "/console/figures", "/console/catalogue", "/console/suggestions", "/console/bulletin")) {
            String html = mvc.perform(as(get(page), "humen")).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            String shown = html.replaceAll("(?s)<pre[^>]*>.*?</pre>", "").replaceAll("(?s)<td class=\"detail\">.*?</td>", "")
                    .replaceAll("(?s)<(script|title)[^>]*>.*?</\\1>", "").replaceAll("(?s)<[^>]*>", " ");
            java.util.regex.Matcher found = code.matcher(shown);
            List<String> untranslated = new ArrayList<>();
            while (found.find()) {
                untranslated.add(found.group());
            }
            assertThat(untranslated).as(page + " shows codes").isEmpty();
        }
    }

    /** The text of a page's table cells of a class. */
    private static List<String> cells(String html, String cssClass) {
        java.util.regex.Matcher cell = java.util.regex.Pattern.compile("(?s)<td class=\"" + cssClass + "\">(.*?)</td>").matcher(html);
        List<String> found = new ArrayList<>();
        while (cell.find()) {
            found.add(org.springframework.web.util.HtmlUtils.htmlUnescape(cell.group(1)));
        }
        return found;
    }

    /** The industry filter takes an industry's name as well as its code, folded like routing. */
    @Test
    void theIndustryFilterTakesANameOrACode() throws Exception {
        ObjectNode lead = Leads.disputed("NO_PERMIT_RULE");
        ((ObjectNode) lead.get("grid")).put("townCode", BridgeTest.HUMEN);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        String ref = lead.get("eventId").asText();
        String routing = jdbc.sql("SELECT routing FROM lead WHERE event_key = ?").param(ref).query(String.class).single();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"industryCode\":\"([A-Z_0-9]+)\"").matcher(routing);
        assertThat(m.find()).as(routing).isTrue();
        String code = m.group(1);
        String name = catalogue.current().entries().stream().filter(e -> code.equals(e.industryCode())).findFirst().orElseThrow()
                .industryName();
        for (String asked : List.of(code, name, code.toLowerCase(java.util.Locale.ROOT))) {
            String page = mvc.perform(as(get("/console").param("industry", asked), "humen")).andReturn().getResponse()
                    .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(page).as("industry=" + asked).contains(">" + ref + "<");
        }
        String none = mvc.perform(as(get("/console").param("industry", "没有这个行业"), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(none).doesNotContain(ref);
    }

    /** The dates filter either when the bridge received a lead or when the inspector reported it; pages and the map keep it. */
    @Test
    void theDatesAreThoseReceivedOrThoseReported() throws Exception {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", BridgeTest.HUMEN);
        lead.put("reportedAt", "2019-03-04T23:30:00+08:00");
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        String ref = lead.get("eventId").asText();
        assertThat(jdbc.sql("SELECT reported_at FROM lead WHERE event_key = ?").param(ref).query(java.time.OffsetDateTime.class)
                .single().toInstant()).isEqualTo(java.time.Instant.parse("2019-03-04T15:30:00Z"));

        String reported = mvc.perform(as(get("/console").param("dates", "reported").param("from", "2019-03-04")
                .param("to", "2019-03-04"), "humen")).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(reported).contains(">" + ref + "<").contains("<input type=\"hidden\" name=\"dates\" value=\"reported\">")
                .contains("<option value=\"reported\" selected=\"selected\">网格员上报时间</option>");
        String received = mvc.perform(as(get("/console").param("from", "2019-03-04").param("to", "2019-03-04"), "humen"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(received).as("received today, not in 2019").doesNotContain(ref);
        String nextDay = mvc.perform(as(get("/console").param("dates", "reported").param("from", "2019-03-05"), "humen"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(nextDay).as("23:30 in the city is the 4th, whatever UTC says").doesNotContain(ref);
        String map = mvc.perform(as(get("/console/map/points").param("dates", "reported").param("from", "2019-03-04")
                .param("to", "2019-03-04"), "humen")).andReturn().getResponse().getContentAsString();
        assertThat(map).contains(ref);
    }

    /** Static files go compressed and cached; the pager says which page of how many; the audit export keeps the dates. */
    @Test
    void assetsAreCompressedAndCachedAndListsSayTheirPage() throws Exception {
        java.net.http.HttpResponse<byte[]> script = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://localhost:" + port + "/webjars/echarts/5.3.1/dist/echarts.min.js"))
                        .header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(script.body().length).as("compressed size").isLessThan(500_000);
        assertThat(script.headers().firstValue("Cache-Control").orElse("")).contains("max-age=86400");
        disputedIn(BridgeTest.HUMEN);
        String queue = mvc.perform(as(get("/console").param("from", "2020-01-01").param("industry", "GEN"), "humen")).andReturn()
                .getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(queue).containsPattern("id=\"pager-label\">第 1 / \\d+ 页，共 \\d+ 件");
        String audit = mvc.perform(as(get("/console/audit").param("from", "2026-01-01").param("to", "2026-12-31"), "admin")).andReturn()
                .getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(audit).contains("/console/audit.csv?").contains("from=2026-01-01").contains("to=2026-12-31");
    }

    /** A lead a department sent back: the assign form offers the department it suggested, preselected. */
    @Test
    void anObjectionPreselectsTheSuggestedDepartment() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        dispatchedToCulture(ref);
        objectionSuggestingAmr(ref);
        String page = mvc.perform(as(get("/console/leads/" + ref), "humen")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).containsPattern("<option value=\"AMR\"\\s+selected=\"selected\"")
                .doesNotContainPattern("<option value=\"CULTURE\"\\s+selected");
    }

    /** Errors are console pages in the user's language; the bridge's address alone goes to the console. */
    @Test
    void errorsAreConsolePages() throws Exception {
        String theirs = disputedIn("441900401");
        String missing = mvc.perform(as(get("/console/leads/" + theirs), "humen")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(org.springframework.http.MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(missing).contains("找不到").contains("返回待办队列");
        String badFilter = mvc.perform(as(get("/console").param("from", "yesterday"), "admin")).andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(badFilter).contains("请求有误").contains("from");
        String english = mvc.perform(as(get("/console/leads/no-such-lead").param("lang", "en"), "admin")).andExpect(status().isNotFound())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(english).contains("No such page or lead");
        mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/console"));
        // a form from a session that is gone goes back to its page, marked expired; without a page to go back to, 403
        mvc.perform(post("/console/leads/" + theirs + "/note").param("text", "x").header("Referer", "http://localhost/console/leads/"
                        + theirs + "?lang=en").with(csrf().useInvalidToken()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/console/leads/" + theirs + "?lang=en&expired"));
        mvc.perform(post("/console/leads/" + theirs + "/note").param("text", "x").header("Referer", "http://evil.example/elsewhere")
                .with(csrf().useInvalidToken())).andExpect(status().isForbidden());
    }

    @Test
    void noteClaimDismissAndSuggestAreRecorded() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + ref + "/note").param("text", "已电话联系经营者").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "noted"));
        mvc.perform(as(post("/console/leads/" + ref + "/note").param("text", " ").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("备注为 1 至 4000 字")));
        mvc.perform(as(post("/console/leads/" + ref + "/claim").param("claim", "true").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "claimed"));
        String page = mvc.perform(as(get("/console/leads/" + ref), "admin")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("已电话联系经营者").contains("<span id=\"claimed-by\">humen</span>");
        mvc.perform(as(post("/console/leads/" + ref + "/suggest").param("term", "陶艺馆").param("dept", "AMR").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "suggested"));
        String suggestions = mvc.perform(as(get("/console/suggestions"), "auditor")).andReturn().getResponse().getContentAsString();
        assertThat(suggestions).contains("陶艺馆");
        mvc.perform(as(post("/console/leads/" + ref + "/dismiss").param("reason", "MAYBE").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("请选择不派发结案的原因")));
        mvc.perform(as(post("/console/leads/" + ref + "/dismiss").param("reason", "NOT_A_BUSINESS").param("note", "自用").with(csrf()), "humen"))
                .andExpect(flash().attribute("done", "dismissed"));
        assertThat(api.state(ref)).isEqualTo("DISMISSED");
        assertThat(auditOf(ref)).extracting(AuditLog.Entry::action)
                .containsExactly("DISMISS", "SUGGEST_TERM", "CLAIM", "NOTE");
    }

    @Test
    void theDashboardIsScopedToTheCoordinatorsTown() throws Exception {
        disputedIn(BridgeTest.HUMEN);
        disputedIn("441900401");
        String mine = mvc.perform(as(get("/console/dashboard/data"), "humen")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(mine).contains("虎门镇").doesNotContain("松山湖");
        String all = mvc.perform(as(get("/console/dashboard/data"), "auditor")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(all).contains("虎门镇").contains("松山湖");
    }

    @Test
    void theDashboardShowsTheMonthsNumbersAndOpensATownsCases() throws Exception {
        disputedIn(BridgeTest.HUMEN);
        disputedIn("441900401");
        java.time.YearMonth month = java.time.YearMonth.now(io.leadbridge.config.ClockConfig.CITY_ZONE);
        String city = mvc.perform(as(get("/console/dashboard").param("month", month.toString()), "admin"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(city);
        assertThat(Integer.parseInt(page.select("#total-received dd").text())).as("this month's leads").isGreaterThanOrEqualTo(2);
        assertThat(page.select("#ranking-towns tbody tr[data-key=441900401] a.drill").attr("href"))
                .isEqualTo("/console/cases?town=441900401");
        assertThat(page.select("#ranking-towns tbody tr[data-key=" + BridgeTest.HUMEN + "] td").get(1).text()).isEqualTo("虎门镇");
        assertThat(page.select("#dashboard-month").attr("value")).isEqualTo(month.toString());

        org.jsoup.nodes.Document mine = org.jsoup.Jsoup.parse(mvc.perform(as(get("/console/dashboard").param("lang", "en"), "humen"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(mine.select("#ranking-towns tbody tr").eachAttr("data-key")).containsExactly(BridgeTest.HUMEN);
        assertThat(mine.select("#ranking-towns a.drill").text()).isEqualTo("Humen Town");
        assertThat(mine.select("#ranking-towns a.drill").attr("href")).as("a coordinator's cases are their town's").isEqualTo("/console/cases");

        String lastYear = mvc.perform(as(get("/console/dashboard").param("month", month.minusYears(1).toString()), "admin"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(org.jsoup.Jsoup.parse(lastYear).select("#total-received dd").text()).isEqualTo("0");
        mvc.perform(as(get("/console/dashboard").param("month", "2026-13"), "admin")).andExpect(status().isBadRequest())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("2026-13")));
    }

    @Test
    void everyFigureOpensTheLeadsItCounts() throws Exception {
        String mine = disputedIn(BridgeTest.HUMEN);
        String theirs = disputedIn("441900401");
        String month = java.time.YearMonth.now(io.leadbridge.config.ClockConfig.CITY_ZONE).toString();
        org.jsoup.nodes.Document city = org.jsoup.Jsoup.parse(mvc.perform(as(get("/console/figures").param("month", month), "auditor"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(city.select(".figure-row").eachAttr("data-key")).contains(BridgeTest.HUMEN, "441900401");
        String link = city.select(".figure-row[data-key=" + BridgeTest.HUMEN + "] a[data-figure=disputed.NO_MATCH]").attr("href");
        assertThat(link).contains("figure=disputed.NO_MATCH");

        org.jsoup.nodes.Document drill = org.jsoup.Jsoup.parse(mvc.perform(as(get(link), "auditor")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(drill.select("#figure-heading").text()).startsWith("虎门镇 · 无匹配");
        assertThat(drill.select(".figure-lead a").eachText()).contains(mine).doesNotContain(theirs);
        int count = Integer.parseInt(city.select(".figure-row[data-key=" + BridgeTest.HUMEN + "] a[data-figure=disputed.NO_MATCH]").text());
        assertThat(drill.select(".figure-lead")).as("the count and the leads behind it agree").hasSize(count);

        org.jsoup.nodes.Document town = org.jsoup.Jsoup.parse(mvc.perform(as(get("/console/figures").param("by", "dept"), "humen"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(town.select(".figure-row").eachAttr("data-key")).as("a coordinator's town only").containsExactly(BridgeTest.HUMEN);
        mvc.perform(as(get("/console/figures/leads").param("key", "441900401").param("figure", "received"), "humen"))
                .andExpect(status().isNotFound());
        mvc.perform(as(get("/console/figures").param("by", "village"), "admin")).andExpect(status().isBadRequest());
    }

    /** The map's points: the town's leads with a location, filtered like the queue, a coordinator's own town only. */
    @Test
    void theMapShowsTheTownsLeadsWhereTheyAre() throws Exception {
        ObjectNode here = Leads.disputed("NO_MATCH");
        ((ObjectNode) here.get("grid")).put("townCode", BridgeTest.HUMEN);
        ((ObjectNode) here.get("subject")).putObject("location").put("lng", 113.6731).put("lat", 22.8155);
        ObjectNode nowhere = Leads.disputed("NO_MATCH");
        ((ObjectNode) nowhere.get("grid")).put("townCode", BridgeTest.HUMEN);
        ((ObjectNode) nowhere.get("subject")).remove("location");
        String elsewhere = disputedIn("441900401");
        assertThat(api.push(here.toString()).status()).isEqualTo(202);
        assertThat(api.push(nowhere.toString()).status()).isEqualTo(202);
        String ref = here.get("eventId").asText();

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var mine = json.readTree(mvc.perform(as(get("/console/map/points").param("town", "441900401"), "humen"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        List<String> refs = new ArrayList<>();
        mine.path("points").forEach(p -> refs.add(p.path("ref").asText()));
        assertThat(refs).as("a coordinator's map is their own town's, whatever the town asked").contains(ref)
                .doesNotContain(elsewhere, nowhere.get("eventId").asText());
        assertThat(mine.path("matching").asLong()).as("a lead without a location is counted, not drawn")
                .isGreaterThan(mine.path("points").size());
        var point = java.util.stream.StreamSupport.stream(mine.path("points").spliterator(), false)
                .filter(p -> p.path("ref").asText().equals(ref)).findFirst().orElseThrow();
        assertThat(point.path("lng").asDouble()).isEqualTo(113.6731);
        assertThat(point.path("state").asText()).isEqualTo("DISPUTED");
        assertThat(point.has("operatorName")).isFalse();
        assertThat(mine.path("states").path("DISPUTED").asText()).isEqualTo("待统筹");
        assertThat(mine.path("towns").findValuesAsText("name")).contains("虎门镇");

        var closedOnly = json.readTree(mvc.perform(as(get("/console/map/points").param("state", "CLOSED"), "humen"))
                .andReturn().getResponse().getContentAsString());
        closedOnly.path("points").forEach(p -> assertThat(p.path("state").asText()).isEqualTo("CLOSED"));
        assertThat(closedOnly.path("points").findValuesAsText("ref")).doesNotContain(ref);
        var city = json.readTree(mvc.perform(as(get("/console/map/points"), "admin")).andReturn().getResponse().getContentAsString());
        assertThat(city.path("points").findValuesAsText("ref")).contains(ref, elsewhere);

        mvc.perform(as(get("/console/map").param("state", "OPEN"), "humen")).andExpect(status().isBadRequest())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("state")));
        mvc.perform(as(get("/console/map"), "humen")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("线索地图")));
    }

    @Test
    void retryIsOnlyForAFailedDelivery() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + ref + "/retry").with(csrf()), "humen"))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.containsString("只有投递失败的线索可以重试")));
    }

    @Test
    void bulkAssignStopsAtTheFirstFailure() throws Exception {
        String first = disputedIn(BridgeTest.HUMEN);
        String second = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/leads/" + second + "/dismiss").param("reason", "DUPLICATE").with(csrf()), "humen"));
        String third = disputedIn(BridgeTest.HUMEN);
        mvc.perform(as(post("/console/bulk").param("action", "assign").param("dept", "AMR").param("reason", "一般行业")
                        .param("refs", first, second, third).with(csrf()), "humen"))
                .andExpect(flash().attribute("bulk", org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("done=1, failedRef=" + second))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(first)));
        assertThat(api.state(third)).isEqualTo("DISPUTED");
    }

    /** A whole-group action acts on exactly what the screen shows, every filter, and only if the group is as shown. */
    @Test
    void aWholeGroupActionActsOnWhatTheScreenShows() throws Exception {
        String town = "441900003";
        String old = disputedIn(town);
        String recent = disputedIn(town);
        jdbc.sql("UPDATE lead SET received_at = received_at - INTERVAL '40' DAY WHERE event_key = ?").param(old).update();
        String today = java.time.LocalDate.now(io.leadbridge.config.ClockConfig.CITY_ZONE).toString();
        String screen = mvc.perform(as(get("/console").param("town", town).param("cause", "NO_MATCH").param("from", today), "admin"))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(screen).contains(recent).doesNotContain(old).contains("全部 1 条");
        // nothing ticked, no reason, or a group that is not what was shown: refused, nothing done
        mvc.perform(as(post("/console/bulk").param("action", "assign").param("dept", "AMR").param("reason", "x").with(csrf()), "admin"))
                .andExpect(flash().attribute("bulkRefused", org.hamcrest.Matchers.containsString("没有勾选任何线索")));
        mvc.perform(as(post("/console/bulk").param("action", "assign").param("dept", "AMR").param("wholeGroup", "true")
                        .param("town", town).param("cause", "NO_MATCH").param("from", today).param("expected", "1").with(csrf()), "admin"))
                .andExpect(flash().attribute("bulkRefused", org.hamcrest.Matchers.containsString("指派须说明原因")));
        mvc.perform(as(post("/console/bulk").param("action", "assign").param("dept", "AMR").param("reason", "一般行业").param("wholeGroup", "true")
                        .param("town", town).param("cause", "NO_MATCH").param("expected", "1").with(csrf()), "admin"))
                .andExpect(flash().attribute("bulkRefused", org.hamcrest.Matchers.containsString("该分组现有 2 条线索")));
        assertThat(api.state(old)).isEqualTo("DISPUTED");
        assertThat(api.state(recent)).isEqualTo("DISPUTED");
        // the group as shown, with its date filter: only the recent lead
        mvc.perform(as(post("/console/bulk").param("action", "assign").param("dept", "AMR").param("reason", "一般行业").param("wholeGroup", "true")
                        .param("town", town).param("cause", "NO_MATCH").param("from", today).param("expected", "1").with(csrf()), "admin"))
                .andExpect(flash().attribute("bulk", org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString("done=1,"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(recent)));
        assertThat(api.state(old)).isEqualTo("DISPUTED");
    }

    @Test
    void theAuditPageExportsCsvAndApiActionsAreAuditedToo() throws Exception {
        String ref = disputedIn(BridgeTest.HUMEN);
        assertThat(api.post("/api/v1/review/" + ref + "/assign", BridgeTest.OPS_KEY, "{\"deptCode\":\"AMR\",\"reason\":\"=cmd|' /C calc'!A0\"}")
                .status()).isEqualTo(200);
        String csv = mvc.perform(as(get("/console/audit.csv?lead=" + ref), "auditor")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).contains("ASSIGN").contains("API").contains("'=cmd");
        assertThat(audit.find("auditor", "EXPORT", ref, null, null, 10)).as("exports say who exported what").hasSize(1);
        assertThat(mvc.perform(as(get("/console/audit?lead=" + ref), "auditor")).andReturn().getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("指派部门").contains("接口");
    }
}
