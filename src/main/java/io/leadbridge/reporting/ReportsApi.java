package io.leadbridge.reporting;

import io.leadbridge.access.ApiClient;
import io.leadbridge.audit.AuditLog;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * /api/v1/reports: the figures by town, department, inspector or city for a month or a period,
 * the leads behind any figure, the ledger overview, and the monthly bulletin (xlsx, csv, html).
 */
@Controller
public class ReportsApi {

    private final Reports reports;
    private final Bulletin bulletin;

    public ReportsApi(Reports reports, Bulletin bulletin) {
        this.reports = reports;
        this.bulletin = bulletin;
    }

    @GetMapping("/api/v1/reports/figures")
    @ResponseBody
    public List<Map<String, Object>> figures(@RequestParam(defaultValue = "city") String by,
                                             @RequestParam(required = false) String month,
                                             @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        LocalDate[] period = period(month, from, to);
        return reports.figures(by, period[0], period[1]).stream().map(Reports::view).toList();
    }

    /** 久治未清: businesses reported at least {@code min} times (bridge.triage.stubborn-after by default), with their reports. */
    @GetMapping("/api/v1/reports/stubborn")
    @ResponseBody
    public List<io.leadbridge.ledger.LeadLinks.Stubborn> stubborn(@RequestParam(required = false) Integer min) {
        return reports.stubborn(min == null ? reports.stubbornAfter() : min);
    }

    /** The leads a figure counts: the drill-down behind a number. */
    @GetMapping("/api/v1/reports/figures/leads")
    @ResponseBody
    public Map<String, Object> leads(@RequestParam(defaultValue = "city") String by, @RequestParam(defaultValue = "ALL") String key,
                                     @RequestParam String figure, @RequestParam(required = false) String month,
                                     @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        LocalDate[] period = period(month, from, to);
        ScopeFigures scope = reports.figuresFromLedger(by, period[0], period[1]).stream().filter(f -> f.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("key: no " + by + " " + key + " in the period"));
        return Map.of("figure", figure, "key", key, "count", scope.count(figure), "leads", scope.leads(figure));
    }

    @GetMapping("/api/v1/reports/ledger")
    @ResponseBody
    public Map<String, Map<String, Integer>> ledger(@RequestParam(required = false) String month,
                                                    @RequestParam(required = false) String from,
                                                    @RequestParam(required = false) String to,
                                                    @RequestParam(required = false) String town) {
        LocalDate[] period = period(month, from, to);
        return reports.ledger(period[0], period[1], town);
    }

    @GetMapping("/api/v1/reports/bulletin")
    public Object bulletin(@RequestParam String month, @RequestParam(defaultValue = "html") String format, Model model,
                           @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        Bulletin.Document document = bulletin.of(month(month));
        ResponseEntity<byte[]> file = format.equals("html") ? null : bulletin.file(document, format);
        bulletin.exported(document, format, AuditLog.Actor.api(client.name()));
        if (file != null) {
            return file;
        }
        model.addAttribute("title", document.title());
        model.addAttribute("tables", document.tables());
        return "reporting/bulletin";
    }

    static LocalDate[] period(String month, String from, String to) {
        if (month != null) {
            YearMonth ym = month(month);
            return new LocalDate[]{ym.atDay(1), ym.plusMonths(1).atDay(1)};
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException("month: give month=YYYY-MM, or from and to (YYYY-MM-DD)");
        }
        try {
            return new LocalDate[]{LocalDate.parse(from), LocalDate.parse(to).plusDays(1)};
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("from/to: dates are YYYY-MM-DD");
        }
    }

    static YearMonth month(String month) {
        try {
            return YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month: '" + month + "' is not YYYY-MM");
        }
    }
}
