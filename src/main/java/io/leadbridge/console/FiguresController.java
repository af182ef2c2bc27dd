package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.config.ClockConfig;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.reference.Departments;
import io.leadbridge.reference.Towns;
import io.leadbridge.reporting.Bulletin;
import io.leadbridge.reporting.Reports;
import io.leadbridge.reporting.ScopeFigures;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The figures of a month in the console (issue 18 point 4) by town, department or inspector, each count opening the
 * leads behind it (the drill-down). The table comes from the counters; the leads behind a count are read from the
 * month's ledger rows (ReportsApi's drill-down, the same definitions: docs/metrics.md). A coordinator sees their town's
 * row and its leads only.
 */
@Controller
public class FiguresController {

    /** The counts the page shows, in this order. */
    static final List<String> COLUMNS = List.of("received", "routed", "disputed.NO_MATCH", "dispatched", "acceptedOnTime",
            "closedOnTime", "overdueNow", "finished", "objected", "urged", "merged", "repeat");
    static final List<String> SCOPES = List.of("town", "dept", "inspector");
    /** The leads listed behind one count; the count itself is always whole. */
    static final int LISTED = 500;

    private final ConsoleUsers users;
    private final Reports reports;
    private final LeadLedger ledger;
    private final Towns towns;
    private final Departments departments;
    private final Clock clock;

    public FiguresController(ConsoleUsers users, Reports reports, LeadLedger ledger, Towns towns, Departments departments,
                             Clock clock) {
        this.users = users;
        this.reports = reports;
        this.ledger = ledger;
        this.towns = towns;
        this.departments = departments;
        this.clock = clock;
    }

    @GetMapping("/console/figures")
    public String figures(Authentication auth, Model model, @RequestParam(defaultValue = "town") String by,
                          @RequestParam(required = false) String month) {
        Viewer viewer = Viewer.of(auth, users);
        String scope = scope(viewer, by);
        YearMonth m = month(month);
        List<ScopeFigures> rows = reports.figures(scope, m.atDay(1), m.plusMonths(1).atDay(1)).stream()
                .filter(f -> !viewer.boundToTown() || viewer.town().equals(f.key())).toList();
        common(viewer, model, scope, m);
        model.addAttribute("rows", rows);
        return "console/figures";
    }

    @GetMapping("/console/figures/leads")
    public String leads(Authentication auth, Model model, @RequestParam(defaultValue = "town") String by,
                        @RequestParam String key, @RequestParam String figure, @RequestParam(required = false) String month) {
        Viewer viewer = Viewer.of(auth, users);
        String scope = scope(viewer, by);
        if (viewer.boundToTown() && !viewer.town().equals(key)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND); // another town's leads do not exist for a coordinator
        }
        YearMonth m = month(month);
        ScopeFigures figures = reports.figuresFromLedger(scope, m.atDay(1), m.plusMonths(1).atDay(1)).stream()
                .filter(f -> f.key().equals(key)).findFirst().orElse(new ScopeFigures(scope, key, key));
        List<LeadRecord> leads = figures.leads(figure).stream().sorted().limit(LISTED).map(ledger::findByRef)
                .flatMap(Optional::stream).toList();
        common(viewer, model, scope, m);
        model.addAttribute("key", key);
        model.addAttribute("name", name(scope, key, figures.name()));
        model.addAttribute("figure", figure);
        model.addAttribute("count", figures.count(figure));
        model.addAttribute("leads", leads);
        return "console/figure-leads";
    }

    private void common(Viewer viewer, Model model, String scope, YearMonth month) {
        model.addAttribute("viewer", viewer);
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
        model.addAttribute("by", scope);
        model.addAttribute("scopes", viewer.boundToTown() ? List.of("town") : SCOPES);
        model.addAttribute("month", month.toString());
        model.addAttribute("thisMonth", YearMonth.now(clock.withZone(ClockConfig.CITY_ZONE)).toString());
        model.addAttribute("columns", COLUMNS);
    }

    /** A town or department by its name in the reader's language; an inspector by the name the figures carry. */
    public String name(String scope, String key, String fallback) {
        return switch (scope) {
            case "town" -> towns.label(key);
            case "dept" -> departments.label(key);
            default -> fallback;
        };
    }

    private static String scope(Viewer viewer, String by) {
        if (!SCOPES.contains(by)) {
            throw new IllegalArgumentException("by: town, dept or inspector, not '" + by + "'");
        }
        return viewer.boundToTown() ? "town" : by; // a coordinator's figures are their town's
    }

    private YearMonth month(String month) {
        return month == null || month.isBlank() ? YearMonth.now(clock.withZone(ClockConfig.CITY_ZONE)) : Bulletin.month(month);
    }
}
