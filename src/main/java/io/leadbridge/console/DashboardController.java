package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.reporting.Reports;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.Map;

/** The console's dashboard: charts (ECharts) of the figures, scoped like the rest of the console. */
@Controller
public class DashboardController {

    private final Reports reports;
    private final ConsoleUsers users;

    public DashboardController(Reports reports, ConsoleUsers users) {
        this.reports = reports;
        this.users = users;
    }

    @GetMapping("/console/dashboard")
    public String dashboard(Authentication auth, Model model) {
        model.addAttribute("viewer", Viewer.of(auth, users));
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
    public Map<String, Object> data(Authentication auth) {
        Viewer viewer = Viewer.of(auth, users);
        return reports.dashboard(viewer.scopeTown(null), 12);
    }
}
