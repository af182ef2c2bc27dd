package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.ledger.LeadFilter;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.ledger.Page;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cases after dispatch (issue 18 point 1): a coordinator's town's open cases (the city's for the city office and
 * auditors), in tabs: overdue now, waiting to be signed for (DISPATCHED), signed for (ACCEPTED), in progress; each
 * with its deadlines and the working days left, 签收, 退单 (objections) and 改派 (re-dispatches), and how often it was
 * urged. Every tab is one of the ledger's indexed lists (overdue, state and town), oldest first.
 */
@Controller
public class CasesController {

    /** The tabs, in order: overdue first. */
    static final List<String> TABS = List.of("OVERDUE", "DISPATCHED", "ACCEPTED", "IN_PROGRESS");

    private final ConsoleUsers users;
    private final LeadLedger ledger;
    private final io.leadbridge.reference.Towns towns;
    private final io.leadbridge.reference.Departments departments;

    public CasesController(ConsoleUsers users, LeadLedger ledger, io.leadbridge.reference.Towns towns,
                           io.leadbridge.reference.Departments departments) {
        this.users = users;
        this.ledger = ledger;
        this.towns = towns;
        this.departments = departments;
    }

    @GetMapping("/console/cases")
    public String cases(Authentication auth, Model model, @RequestParam(defaultValue = "OVERDUE") String tab,
                        @RequestParam(required = false) String town, @RequestParam(defaultValue = "0") int page) {
        Viewer viewer = Viewer.of(auth, users);
        tab = TABS.contains(tab) ? tab : TABS.get(0);
        String scope = viewer.scopeTown(town);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : TABS) {
            counts.put(t, ledger.count(filter(t, scope)));
        }
        Page<LeadRecord> cases = ledger.list(filter(tab, scope), Math.max(0, page), ConsoleController.PAGE_SIZE);
        model.addAttribute("viewer", viewer);
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
        model.addAttribute("tab", tab);
        model.addAttribute("tabs", TABS);
        model.addAttribute("counts", counts);
        model.addAttribute("town", scope);
        model.addAttribute("cases", cases);
        model.addAttribute("pages", (int) ((cases.total() + ConsoleController.PAGE_SIZE - 1) / ConsoleController.PAGE_SIZE));
        return "console/cases";
    }

    private static LeadFilter filter(String tab, String town) {
        return tab.equals("OVERDUE") ? new LeadFilter(null, town, null, null, false, true)
                : new LeadFilter(List.of(LeadState.valueOf(tab)), town, null, null, false);
    }
}
