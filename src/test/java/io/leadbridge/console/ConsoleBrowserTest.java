package io.leadbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.support.Api;
import io.leadbridge.support.Browser;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console in real headless Chromium: a town coordinator's day, an auditor, hostile text, English. */
@BridgeTest
class ConsoleBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    AuditLog audit;
    ChromeDriver driver;
    Api api;
    String base;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        base = "http://localhost:" + port;
        driver = Browser.start();
        jms.setReceiveTimeout(10_000);
    }

    @AfterEach
    void tearDown() {
        driver.quit();
    }

    private String push(String town, String scope, String description) {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", town).put("townName", "");
        ((ObjectNode) lead.get("subject")).put("name", "");
        lead.put("businessScope", scope);
        lead.put("description", description);
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        return lead.get("eventId").asText();
    }

    private void signIn(String user) {
        driver.get(base + "/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(BridgeTest.PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlMatches(".*/console(\\?continue)?$"));
    }

    @Test
    void aTownCoordinatorAssignsANoMatchLeadOfTheirTown() throws Exception {
        String mine = push(BridgeTest.HUMEN, "陶艺馆", "该陶艺馆前店后宅，存在三合一情况");
        String theirs = push("441900401", "陶艺馆", "松山湖的陶艺馆");

        signIn("humen");
        driver.get(base + "/console?cause=NO_MATCH&sort=newest");
        List<WebElement> towns = driver.findElements(By.cssSelector("#leads tbody tr td:nth-child(3)"));
        assertThat(towns).isNotEmpty().allSatisfy(td -> assertThat(td.getText()).isEqualTo("虎门镇"));
        assertThat(driver.findElement(By.id("leads")).getText()).contains(mine).doesNotContain(theirs);
        assertThat(driver.findElement(By.id("cause-NO_MATCH")).getText()).contains("无匹配");
        Browser.screenshot(driver, "console-queue.png");

        driver.findElement(By.linkText(mine)).click();
        List<String> hits = driver.findElements(By.cssSelector("mark.hit")).stream().map(WebElement::getText).toList();
        assertThat(hits).contains("三合一", "前店后宅");
        Browser.screenshot(driver, "console-lead.png");
        new Select(driver.findElement(By.id("assign-dept"))).selectByValue("AMR");
        driver.findElement(By.cssSelector("#assign-form input[name=reason]")).sendKeys("陶艺属一般行业");
        driver.findElement(By.id("assign-submit")).click();
        WebElement done = new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            List<WebElement> flash = d.findElements(By.cssSelector("#flash-done, #flash-error"));
            return flash.isEmpty() ? null : flash.get(0);
        });
        assertThat(done.getAttribute("id")).as(done.getText()).isEqualTo("flash-done");
        assertThat(done.getText()).contains("已指派");

        JsonNode sent = caseFor(mine);
        assertThat(sent.path("dispatch_mode").asText()).isEqualTo("MANUAL");
        assertThat(sent.path("dept_code").asText()).isEqualTo("AMR");
        assertThat(audit.find("humen", "ASSIGN", mine, null, null, 10)).hasSize(1);

        driver.get(base + "/console/leads/" + theirs);
        assertThat(driver.findElements(By.id("lead-ref"))).isEmpty();
        // another town's lead is the console's 404 page in Chinese, not problem+json
        assertThat(driver.findElement(By.id("error-status")).getText()).isEqualTo("404");
        assertThat(driver.findElement(By.id("error-text")).getText()).contains("找不到");
        assertThat(driver.getPageSource()).doesNotContain("\"status\"").doesNotContain("Whitelabel");
    }

    /** The bulk form says what is missing before it is sent: nothing ticked, then no reason for an assignment. */
    @Test
    void theBulkFormChecksBeforeItIsSent() {
        String mine = push(BridgeTest.HUMEN, "陶艺馆", "批量");
        signIn("humen");
        driver.get(base + "/console?cause=NO_MATCH&sort=newest");
        String before = driver.getCurrentUrl();
        driver.findElement(By.id("bulk-submit")).click();
        assertThat(driver.findElement(By.id("bulk-check")).getText()).startsWith("未执行：没有勾选线索");
        assertThat(driver.getCurrentUrl()).as("not sent").isEqualTo(before);

        driver.findElement(By.cssSelector("input[name=refs][value='" + mine + "']")).click();
        driver.findElement(By.id("bulk-submit")).click();
        assertThat(driver.findElement(By.id("bulk-check")).getText()).isEqualTo("未执行：批量指派需要填写理由。");
        assertThat(audit.find("humen", "ASSIGN", mine, null, null, 10)).isEmpty();
    }

    /** The city office's catalogue page with its upload form. */
    @Test
    void theCataloguePageShowsTheVersionAndItsHistory() {
        signIn("admin");
        driver.get(base + "/console/catalogue");
        assertThat(driver.findElement(By.id("catalogue-version")).getText()).isNotBlank();
        assertThat(driver.findElements(By.cssSelector("#catalogue-history .history-row"))).isNotEmpty();
        assertThat(driver.findElement(By.id("catalogue-preview")).isDisplayed()).isTrue();
        Browser.screenshot(driver, "console-catalogue.png");
    }

    /** At phone width (390 px) the queue, the lead page and its actions fit: nothing wider than the screen but a table's own scroll. */
    @Test
    void aPhoneShowsTheQueueAndTheLeadPage() {
        String ref = push(BridgeTest.HUMEN, "陶艺馆", "陶艺");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        signIn("humen");
        for (String page : List.of("/console", "/console/cases", "/console/search?q=" + ref, "/console/leads/" + ref)) {
            driver.get(base + page);
            long width = (Long) driver.executeScript("return window.innerWidth;");
            long scroll = (Long) driver.executeScript("return document.documentElement.scrollWidth;");
            assertThat(scroll).as(page + ": the page is no wider than the screen").isLessThanOrEqualTo(width);
            for (WebElement link : driver.findElements(By.cssSelector("header a"))) {
                assertThat(link.getSize().getHeight()).as(page + ": menu item " + link.getText() + " on one line").isLessThan(30);
            }
        }
        WebElement assign = driver.findElement(By.id("assign-submit"));
        long width = (Long) driver.executeScript("return window.innerWidth;");
        assertThat(assign.getLocation().getX() + assign.getSize().getWidth()).as("the assign button on screen").isLessThanOrEqualTo((int) width);
        Browser.screenshot(driver, "console-phone.png");
    }

    /** The search box in the menu: a shop named in traditional characters, found by typing simplified ones, opened from the list. */
    @Test
    void theMenuSearchFindsAShopWhateverTheScript() {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", BridgeTest.HUMEN);
        ((ObjectNode) lead.get("subject")).put("name", "鴻運瀏覽器測試茶莊");
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        String ref = lead.get("eventId").asText();
        signIn("humen");
        // the grams are written a moment after the lead (the search-index timer): asked again until it is found, each
        // time on the search's own page (the work queue signed in to lists the same lead, so its link alone says nothing)
        // the page left behind is told by a mark set on its window, not by an element of it: Chrome may answer a
        // question about an element of a page being replaced with an "unknown error", not with staleness
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            ((JavascriptExecutor) d).executeScript("window.leftBehind = true;");
            d.findElement(By.cssSelector("#nav-search input[name=q]")).sendKeys("鸿运浏览器测试", org.openqa.selenium.Keys.ENTER);
            new WebDriverWait(d, Duration.ofSeconds(10)).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(
                    ((JavascriptExecutor) x).executeScript("return document.readyState === 'complete' && window.leftBehind === undefined;")));
            return d.findElement(By.id("search-count")).getText().equals("找到 1 条") && !d.findElements(By.linkText(ref)).isEmpty();
        });
        Browser.screenshot(driver, "console-search.png");
        driver.findElement(By.linkText(ref)).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/console/leads/" + ref));
    }

    /** The session ends under an open page: the form posted signs in again and comes back, saying it was not done. */
    @Test
    void anExpiredSessionSignsInAndReturnsToThePage() {
        String ref = push(BridgeTest.HUMEN, "陶艺馆", "陶艺");
        driver.get(base + "/");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        signIn("humen");
        driver.get(base + "/console/leads/" + ref);
        driver.manage().deleteAllCookies(); // the session cookie gone: as after a timeout
        driver.findElement(By.id("note-text")).sendKeys("已电话联系");
        driver.findElement(By.id("note-submit")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/login"));
        driver.findElement(By.id("username")).sendKeys("humen");
        driver.findElement(By.id("password")).sendKeys(BridgeTest.PASSWORD);
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/console/leads/" + ref));
        assertThat(driver.findElement(By.id("flash-expired")).getText()).contains("没有完成");
        assertThat(api.lead(ref).path("timeline").findValuesAsText("event")).doesNotContain("NOTE");
    }

    @Test
    void scriptInALeadIsShownAsText() {
        String ref = push(BridgeTest.HUMEN, "陶艺馆", "<script>alert('x')</script><img src=x onerror=alert(1)>");
        signIn("admin");
        driver.get(base + "/console/leads/" + ref);
        WebElement description = driver.findElements(By.cssSelector("#fields .field-text")).get(2);
        assertThat(description.getText()).contains("<script>alert('x')</script>").contains("<img src=x onerror=alert(1)>");
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(driver.findElements(By.cssSelector("#fields img"))).isEmpty();
    }

    /**
     * Photos as thumbnails, loaded under the page's Content-Security-Policy: the samples' (rewritten to the demo's
     * generated pictures, as the demo does); one on a host not allowed is a link; a script address is text.
     */
    @Test
    void theLeadPageShowsItsPhotosAsThumbnails() {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", BridgeTest.HUMEN);
        com.fasterxml.jackson.databind.node.ArrayNode attachments = lead.putArray("attachments");
        attachments.addObject().put("type", "photo").put("url", "https://sgs.example.invalid/att/7-0.jpg");
        attachments.addObject().put("type", "photo").put("url", "https://sgs.example.invalid/att/7-1.jpg");
        attachments.addObject().put("type", "photo").put("url", "https://elsewhere.example/att/7-2.jpg");
        attachments.addObject().put("type", "photo").put("url", "javascript:alert(1)");
        attachments.addObject().put("type", "document").put("url", "https://sgs.example.invalid/att/7-3.pdf");
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        signIn("humen");
        driver.get(base + "/console/leads/" + lead.get("eventId").asText());
        WebElement photos = driver.findElement(By.id("photos"));
        assertThat(photos.findElement(By.tagName("h2")).getText()).isEqualTo("现场照片（4 张）");
        List<WebElement> thumbs = photos.findElements(By.cssSelector("img.thumb"));
        assertThat(thumbs).hasSize(2);
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> thumbs.stream().allMatch(img ->
                Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth === 320", img))));
        assertThat(thumbs.get(0).getAttribute("src")).endsWith("/demo/photos/7-0.jpg");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", photos);
        Browser.screenshot(driver, "console-photos.png");
        assertThat(photos.findElement(By.linkText("照片 3")).getAttribute("href")).isEqualTo("https://elsewhere.example/att/7-2.jpg");
        assertThat(photos.getText()).contains("javascript:alert(1)").contains("未列入");
        assertThat(photos.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void anAuditorHasNoActionsAndAForgedPostIsRefused() {
        String ref = push(BridgeTest.HUMEN, "陶艺馆", "陶艺");
        signIn("auditor");
        driver.get(base + "/console/leads/" + ref);
        assertThat(driver.findElements(By.id("actions"))).isEmpty();
        assertThat(driver.findElements(By.id("assign-form"))).isEmpty();
        Object status = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const token = document.querySelector('meta[name=_csrf]').content;"
                        + "fetch('/console/leads/" + ref + "/assign', {method: 'POST', redirect: 'manual',"
                        + " headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                        + " body: 'dept=AMR&_csrf=' + encodeURIComponent(token)}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        assertThat(api.state(ref)).isEqualTo("DISPUTED");
    }

    @Test
    void theEnglishSwitchWorks() {
        signIn("admin");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("待人工处理的线索");
        driver.findElement(By.id("lang-en")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Leads that need a person");
        assertThat(driver.findElement(By.id("nav-audit")).getText()).isEqualTo("Audit log");
        driver.get(base + "/console/audit");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Audit log");
    }

    /**
     * The map on its plain canvas (no tile service configured): three leads at one place are one circle saying 3, a
     * lead far from them is a dot that opens the lead, and the town's name is written at its leads' middle.
     */
    @Test
    void theMapClustersLeadsAndOpensOne() {
        // the samples other tests send have towns of their own, Wanjiang among them: these four are told apart by the
        // day the inspector reported them, which no sample has
        String wanjiang = "441900005";
        for (int i = 0; i < 3; i++) {
            located(wanjiang, 113.7301, 23.0402);
        }
        String alone = located(wanjiang, 113.6002, 22.9101);
        signIn("admin");
        driver.get(base + "/console/map?town=" + wanjiang + "&dates=reported&from=2011-11-11&to=2011-11-11");
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> "4".equals(d.findElement(By.id("map")).getAttribute("data-drawn")));
        assertThat(driver.findElement(By.id("map-summary")).getText()).contains("符合条件的线索 4 条");
        assertThat(driver.findElements(By.cssSelector(".cluster-count")).stream().map(WebElement::getText)).containsExactly("3");
        assertThat(driver.findElement(By.cssSelector(".town-label")).getText()).isEqualTo("万江街道");
        assertThat(driver.findElement(By.id("map-legend")).getText()).contains("待统筹");
        Browser.screenshot(driver, "console-map.png");
        driver.findElement(By.cssSelector("path.lead-dot")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/console/leads/" + alone));
        assertThat(driver.findElement(By.id("lead-ref")).getText()).contains(alone);
    }

    private String located(String town, double lng, double lat) {
        ObjectNode lead = Leads.disputed("NO_MATCH");
        ((ObjectNode) lead.get("grid")).put("townCode", town);
        ((ObjectNode) lead.get("subject")).putObject("location").put("lng", lng).put("lat", lat);
        lead.put("reportedAt", "2011-11-11T10:00:00+08:00");
        assertThat(api.push(lead.toString()).status()).isEqualTo(202);
        return lead.get("eventId").asText();
    }

    @Test
    void theDashboardDrawsItsChartsInTheBrowser() {
        push(BridgeTest.HUMEN, "陶艺馆", "陶艺");
        // a case dispatched this month, so that the departments' chart has a bar whichever test ran before
        ObjectNode routed = Leads.routedTo("AMR");
        assertThat(api.push(routed.toString()).status()).isEqualTo(202);
        signIn("admin");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            driver.get(base + "/console/dashboard/data");
            return driver.getPageSource().contains("\"departments\":[{");
        });
        driver.get(base + "/console/dashboard");
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> "drawn".equals(d.findElement(By.tagName("body"))
                .getAttribute("data-dashboard")));
        for (String chart : List.of("chart-trend", "chart-hazard", "chart-towns", "chart-departments")) {
            assertThat(driver.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
        }
        Browser.screenshot(driver, "console-dashboard.png");
    }

    private JsonNode caseFor(String eventId) throws Exception {
        for (int i = 0; i < 200; i++) {
            Message message = jms.receive("css.dept.AMR");
            assertThat(message).isNotNull();
            JsonNode c = JSON.readTree(((TextMessage) message).getText());
            if (c.path("source_id").asText().equals(eventId)) {
                return c;
            }
        }
        throw new AssertionError("no case for " + eventId);
    }
}
