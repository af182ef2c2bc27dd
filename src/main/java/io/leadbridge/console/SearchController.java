package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.search.SearchIndex;
import io.leadbridge.search.SearchText;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;

/**
 * The console's search (issue 18 point 2), from the box in the menu: leads in any state by business name,
 * address, operator or inspector (traditional or simplified, full- or half-width alike), or by a whole eventId or
 * case number; a coordinator's within their town; within days the bridge received or the inspector reported them.
 */
@Controller
public class SearchController {

    private final ConsoleUsers users;
    private final SearchIndex index;
    private final io.leadbridge.reference.Towns towns;
    private final io.leadbridge.reference.Departments departments;

    public SearchController(ConsoleUsers users, SearchIndex index, io.leadbridge.reference.Towns towns,
                            io.leadbridge.reference.Departments departments) {
        this.users = users;
        this.index = index;
        this.towns = towns;
        this.departments = departments;
    }

    @GetMapping("/console/search")
    public String search(Authentication auth, Model model, @RequestParam(defaultValue = "") String q,
                         @RequestParam(required = false) String town,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                         @RequestParam(defaultValue = "received") String dates, @RequestParam(defaultValue = "0") int page) {
        Viewer viewer = Viewer.of(auth, users);
        // the queue's filter, for its town and dates (the same fields on the page, the same days in the city)
        WorkQueue.Filter filter = new WorkQueue.Filter(null, viewer.scopeTown(town), from, to, null, null, null, false,
                "reported".equals(dates));
        model.addAttribute("viewer", viewer);
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
        model.addAttribute("q", q.strip());
        model.addAttribute("filter", filter);
        model.addAttribute("minLength", SearchText.MIN_LENGTH);
        if (!q.isBlank()) {
            try {
                SearchIndex.Within within = new SearchIndex.Within(filter.town(), filter.fromTime(), filter.untilTime(),
                        filter.byReported());
                SearchIndex.Found found = index.find(q, within, Math.max(0, page), ConsoleController.PAGE_SIZE);
                model.addAttribute("found", found);
                model.addAttribute("pages", (int) ((found.page().total() + ConsoleController.PAGE_SIZE - 1) / ConsoleController.PAGE_SIZE));
            } catch (IllegalArgumentException tooShort) {
                model.addAttribute("tooShort", true);
            }
        }
        return "console/search";
    }
}
