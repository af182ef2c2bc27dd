package io.leadbridge.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.sla.SlaClock;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The figures on a generated ledger equal figures computed here independently; drill-down lists
 * add up; the bulletin's XLSX reads back with the expected sheets, headers and numbers.
 */
@BridgeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiguresTest {

    static final LocalDate FROM = LocalDate.of(2018, 9, 1);
    static final LocalDate TO = LocalDate.of(2018, 10, 1);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    SlaClock sla;
    @Autowired
    Reports reports;
    @Autowired
    Tally tally;
    @Autowired
    AuditLog audit;
    @LocalServerPort
    int port;
    List<GeneratedLedger.Lead> leads;

    @BeforeAll
    void generate() {
        leads = GeneratedLedger.write(jdbc, sla, "FIG-" + System.nanoTime(), 400);
    }

    private List<GeneratedLedger.Lead> where(Predicate<GeneratedLedger.Lead> p) {
        return leads.stream().filter(p).toList();
    }

    @Test
    void cityFiguresEqualAnIndependentCount() {
        ScopeFigures city = reports.figures("city", FROM, TO).get(0);
        OffsetDateTime now = OffsetDateTime.now();
        assertThat(city.count("received")).isEqualTo(leads.size());
        assertThat(city.count("held")).isEqualTo(where(l -> l.state().equals("HELD")).size());
        assertThat(city.count("disputed.NO_MATCH")).isEqualTo(where(l -> l.state().equals("DISPUTED")).size());
        assertThat(city.count("dispatched")).isEqualTo(where(l -> l.dept() != null).size());
        assertThat(city.count("routedAuto")).isEqualTo(where(l -> "AUTO".equals(l.mode())).size());
        assertThat(city.count("routedManual")).isEqualTo(where(l -> "MANUAL".equals(l.mode())).size());
        List<GeneratedLedger.Lead> acceptDue = where(l -> l.dept() != null && (l.acceptedAt() != null || l.deadlineAccept().isBefore(now)));
        List<GeneratedLedger.Lead> acceptedOnTime = where(l -> l.acceptedAt() != null && !l.acceptedAt().isAfter(l.deadlineAccept()));
        assertThat(city.rate("acceptedOnTime", "acceptDue").num()).isEqualTo(acceptedOnTime.size());
        assertThat(city.rate("acceptedOnTime", "acceptDue").den()).isEqualTo(acceptDue.size());
        List<GeneratedLedger.Lead> closeDue = where(l -> l.dept() != null && (l.closedAt() != null || l.deadlineFinish().isBefore(now)));
        List<GeneratedLedger.Lead> closedOnTime = where(l -> l.closedAt() != null && !l.closedAt().isAfter(l.deadlineFinish()));
        assertThat(city.count("closeDue")).isEqualTo(closeDue.size());
        assertThat(city.count("closedOnTime")).isEqualTo(closedOnTime.size());
        assertThat(city.count("objected")).isEqualTo(where(GeneratedLedger.Lead::objected).size());
        assertThat(city.count("overdueNow")).isEqualTo(where(l -> l.dept() != null && l.closedAt() == null).size());
        assertThat(city.count("outcome.NOT_FOUND")).isEqualTo(where(l -> "NOT_FOUND".equals(l.outcome())).size());
        assertThat(city.count("confirmed")).isEqualTo(where(l -> l.closedAt() != null && !"NOT_FOUND".equals(l.outcome())).size());

        List<Double> toAccept = new ArrayList<>();
        where(l -> l.acceptedAt() != null).forEach(l -> toAccept.add((double) sla.workingDaysRun(l.dispatchedAt(), l.acceptedAt())));
        toAccept.sort(null);
        ScopeFigures.Spread spread = city.spreads().get("daysToAccept");
        assertThat(spread.n()).isEqualTo(toAccept.size());
        assertThat(spread.median()).isEqualTo(toAccept.get((int) Math.ceil(0.5 * toAccept.size()) - 1));
        assertThat(spread.p90()).isEqualTo(toAccept.get((int) Math.ceil(0.9 * toAccept.size()) - 1));
    }

    @Test
    void townAndDepartmentFiguresAddUpAndDrillDownListsMatch() {
        ScopeFigures city = reports.figuresFromLedger("city", FROM, TO).get(0);
        List<ScopeFigures> towns = reports.figuresFromLedger("town", FROM, TO);
        for (String figure : List.of("received", "dispatched", "acceptedOnTime", "closeDue", "objected")) {
            assertThat(towns.stream().mapToInt(t -> t.count(figure)).sum()).as(figure).isEqualTo(city.count(figure));
            Set<String> union = new HashSet<>();
            towns.forEach(t -> union.addAll(t.leads(figure)));
            assertThat(union).as(figure).isEqualTo(city.leads(figure));
        }
        ScopeFigures humen = towns.stream().filter(t -> t.key().equals("441900121")).findFirst().orElseThrow();
        assertThat(humen.name()).isEqualTo("虎门镇");
        assertThat(humen.count("received")).isEqualTo(where(l -> l.town().equals("441900121")).size());
        assertThat(humen.leads("acceptedOnTime")).isSubsetOf(humen.leads("acceptDue"));

        List<ScopeFigures> departments = reports.figures("dept", FROM, TO);
        ScopeFigures health = departments.stream().filter(d -> d.key().equals("HEALTH")).findFirst().orElseThrow();
        assertThat(health.count("dispatched")).isEqualTo(where(l -> "HEALTH".equals(l.dept())).size());
        assertThat(health.count("objected")).isEqualTo(where(l -> "HEALTH".equals(l.dept()) && l.objected()).size());

        JsonNode drill = new Api(port).get("/api/v1/reports/figures/leads?by=town&key=441900121&figure=closedOnTime&month=2018-09").json();
        assertThat(drill.path("count").asInt()).isEqualTo(humen.count("closedOnTime"));
        assertThat(drill.path("leads").size()).isEqualTo(humen.count("closedOnTime"));
    }

    /** docs/metrics.md's definitions, kept by the counters: every scope, count and spread as counting the ledger gives. */
    @Test
    void theCountersGiveWhatCountingTheLedgerGives() {
        for (String by : List.of("city", "town", "dept", "inspector")) {
            List<ScopeFigures> counted = reports.figuresFromLedger(by, FROM, TO);
            List<ScopeFigures> tallied = reports.figures(by, FROM, TO);
            assertThat(tallied).as(by).extracting(ScopeFigures::key).containsExactlyElementsOf(counted.stream().map(ScopeFigures::key).toList());
            for (int i = 0; i < counted.size(); i++) {
                assertThat(tallied.get(i).counts()).as(by + " " + counted.get(i).key()).isEqualTo(counted.get(i).counts());
                assertThat(tallied.get(i).spreads()).as(by + " " + counted.get(i).key()).isEqualTo(counted.get(i).spreads());
                assertThat(tallied.get(i).name()).isEqualTo(counted.get(i).name());
            }
            assertThatThrownBy(() -> tallied.get(0).leads("received")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Reports.months(FROM, TO)).containsExactly(java.time.YearMonth.of(2018, 9));
        assertThat(Reports.months(FROM.plusDays(1), TO)).isNull();
    }

    /**
     * A report merged into another report's open case counts as received and merged, and in nothing else: not
     * escalated, not finished, so not against its inspector's accuracy (confirmed / finished; docs/metrics.md).
     */
    @Test
    void aMergedReportDoesNotCountAgainstItsInspector() {
        OffsetDateTime received = OffsetDateTime.parse("2026-11-02T09:00:00+08:00");
        LedgerRow merged = new LedgerRow(2, "m", "MERGED", "441900121", null, null, null, null, null, null, null, "G1", received,
                null, null, null, null, null, null, null, false, false, null);
        LedgerReader.Period period = new LedgerReader.Period(List.of(merged), java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        java.util.Map<String, Integer> counted = tally.contributions(Tally.Input.of(merged, period, received.plusDays(1)));
        assertThat(counted).containsKey(Tally.key("inspector", "G1", "received")).containsKey(Tally.key("inspector", "G1", "merged"))
                .doesNotContainKey(Tally.key("inspector", "G1", "escalated")).doesNotContainKey(Tally.key("inspector", "G1", "finished"))
                .doesNotContainKey(Tally.key("inspector", "G1", "confirmed"));
    }

    /** A deadline passing changes figures with no write: the lead is folded again just after it (lead_tally.flip_at). */
    @Test
    void aLeadIsCountedAgainWhenItsDeadlinePasses() {
        OffsetDateTime received = OffsetDateTime.parse("2026-11-02T09:00:00+08:00");
        OffsetDateTime deadline = received.plusDays(3);
        LedgerRow lead = new LedgerRow(1, "x", "DISPATCHED", "441900121", "AMR", "NORMAL", "ROUTED", "KEYWORD", null, "QW1", null,
                "G1", received, received.plusHours(1), deadline, deadline.plusDays(10), null, null, null, "AUTO", false, false, null);
        LedgerReader.Period period = new LedgerReader.Period(List.of(lead), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(1L, Set.of("AMR")));
        Tally.Input before = Tally.Input.of(lead, period, deadline.minusSeconds(1));
        Tally.Input after = Tally.Input.of(lead, period, deadline.plusSeconds(1));
        String acceptDue = Tally.key("city", "ALL", "acceptDue");
        assertThat(tally.contributions(before)).doesNotContainKey(acceptDue).doesNotContainKey(Tally.key("town", "441900121", "overdueNow"));
        assertThat(tally.contributions(after)).containsKey(acceptDue).containsKey(Tally.key("town", "441900121", "overdueNow"));
        assertThat(tally.nextChange(before)).isEqualTo(deadline.plusNanos(1_000_000));
        assertThat(tally.nextChange(after)).isEqualTo(deadline.plusDays(10).plusNanos(1_000_000));
        assertThat(tally.read(tally.write(before))).isEqualTo(before);
        assertThat(tally.contributions(before)).containsEntry(Tally.key("dept@441900121", "AMR", "dispatched"), 1)
                .containsEntry(Tally.key("ledger", "441900121", "state.DISPATCHED"), 1);
    }

    @Test
    void theBulletinXlsxHasItsSheetsHeadersAndNumbers() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/reports/bulletin?month=2018-09&format=xlsx"))
                .header("X-Api-Key", BridgeTest.OPS_KEY).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(response.body()))) {
            List<String> sheets = new ArrayList<>();
            workbook.forEach(s -> sheets.add(s.getSheetName()));
            assertThat(sheets).containsExactly("镇街排名", "部门排名", "全市汇总", "网格员履职", "久治未清（报告3次及以上）");
            Sheet towns = workbook.getSheet("镇街排名");
            assertThat(towns.getRow(1).getCell(1).getStringCellValue()).isEqualTo("镇街");
            assertThat(towns.getRow(1).getCell(2).getStringCellValue()).isEqualTo("收到线索");
            assertThat(towns.getRow(1).getCell(8).getStringCellValue()).isEqualTo("按期办结率");
            int total = 0;
            for (int r = 2; r <= towns.getLastRowNum(); r++) {
                total += (int) towns.getRow(r).getCell(2).getNumericCellValue();
            }
            assertThat(total).isEqualTo(leads.size());
            Sheet city = workbook.getSheet("全市汇总");
            assertThat(city.getRow(2).getCell(0).getStringCellValue()).isEqualTo("收到线索");
            assertThat((int) city.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(leads.size());
        }
        assertThat(audit.find("ops", "EXPORT", null, null, null, 10)).extracting(AuditLog.Entry::reason)
                .contains("bulletin-2018-09.xlsx");
        Api api = new Api(port);
        Api.Answer html = api.get("/api/v1/reports/bulletin?month=2018-09&format=html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains("无证无照经营整治工作通报（2018年9月）").contains("laggard");
        Api.Answer csv = api.get("/api/v1/reports/bulletin?month=2018-09&format=csv");
        assertThat(csv.body()).contains("镇街排名").contains("落后");
        assertThat(api.get("/api/v1/reports/bulletin?month=2018-13").status()).isEqualTo(400);
    }

    @Test
    void theLedgerOverviewCountsByIndustryTownAndState() {
        JsonNode ledger = new Api(port).get("/api/v1/reports/ledger?month=2018-09").json();
        assertThat(ledger.path("month").path("2018-09").asInt()).isEqualTo(leads.size());
        assertThat(ledger.path("town").path("441900121").asInt()).isEqualTo(where(l -> l.town().equals("441900121")).size());
        assertThat(ledger.path("state").path("HELD").asInt()).isEqualTo(where(l -> l.state().equals("HELD")).size());
    }
}
