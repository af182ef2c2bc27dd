package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.config.ClockConfig;
import io.leadbridge.reference.Departments;
import io.leadbridge.reference.Towns;
import io.leadbridge.reporting.Bulletin;
import io.leadbridge.reporting.Reports;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The console's dashboard (issue 18 point 4), scoped like the rest of the console: a month picker, the month's
 * headline numbers, the towns and departments ranked with their numbers in tables (each town opening its cases),
 * and charts (ECharts) of the same data with the twelve months' trend.
 */
@Controller
public class DashboardController {

    static final int TREND_MONTHS = 12;

    private final Reports reports;
    private final ConsoleUsers users;
    private final Towns towns;
    private final Departments departments;
    private final Clock clock;

    public DashboardController(Reports reports, ConsoleUsers users, Towns towns, Departments departments, Clock clock) {
        this.reports = reports;
        this.users = users;
        this.towns = towns;
        this.departments = departments;
        this.clock = clock;
    }

    @GetMapping("/console/dashboard")
    public String dashboard(Authentication auth, Model model, @RequestParam(required = false) String month) {
        Viewer viewer = Viewer.of(auth, users);
        model.addAttribute("viewer", viewer);
        model.addAttribute("data", data(viewer, month));
        model.addAttribute("thisMonth", thisMonth().toString());
        return "console/dashboard";
    }

    /** 久治未清: businesses reported again and again, a coordinator's own town only. */
    @GetMapping("/console/stubborn")
    public String stubborn(Authentication auth, Model model) {
        Viewer viewer = Viewer.of(auth, users);
        String town = viewer.scopeTown(null);
        model.addAttribute("viewer", viewer);
        model.addAttribute("minReports", reports.stubbornAfter());
        model.addAttribute("businesses", reports.stubborn(reports.stubbornAfter()).stream()
                .filter(b -> town == null || town.equals(b.townCode())).toList());
        return "console/stubborn";
    }

    @GetMapping("/console/dashboard/data")
    @ResponseBody
    public Map<String, Object> data(Authentication auth, @RequestParam(required = false) String month) {
        return data(Viewer.of(auth, users), month);
    }

    /** The figures with every town and department named in the reader's language (the code tables' English column). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> data(Viewer viewer, String month) {
        YearMonth last = month == null || month.isBlank() ? thisMonth() : Bulletin.month(month);
        Map<String, Object> data = reports.dashboard(viewer.scopeTown(null), last, TREND_MONTHS);
        ((List<Map<String, Object>>) data.get("towns")).forEach(row -> row.put("name", towns.label((String) row.get("key"))));
        ((List<Map<String, Object>>) data.get("departments"))
                .forEach(row -> row.put("name", departments.label((String) row.get("key"))));
        return data;
    }

    private YearMonth thisMonth() {
        return YearMonth.now(clock.withZone(ClockConfig.CITY_ZONE));
    }
}
