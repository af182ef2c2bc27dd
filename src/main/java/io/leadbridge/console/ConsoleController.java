package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.dispatch.DepartmentCircuits;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.Page;
import io.leadbridge.reference.Departments;
import io.leadbridge.reference.Towns;
import io.leadbridge.review.Assignments;
import io.leadbridge.review.BusinessLinks;
import io.leadbridge.review.Explained;
import io.leadbridge.review.ReviewActions;
import io.leadbridge.review.TermSuggestions;
import io.leadbridge.storage.DeadLetters;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The review console: the work queue, a lead's page and what a person does to it. */
@Controller
public class ConsoleController {

    static final int PAGE_SIZE = 50;
    static final int BULK_MAX = 500;

    private final ConsoleUsers users;
    private final WorkQueue queue;
    private final LeadLedger ledger;
    private final LeadPage leadPage;
    private final ReviewActions actions;
    private final Towns towns;
    private final Departments departments;
    private final DepartmentCircuits circuits;
    private final DeadLetters deadLetters;
    private final BusinessLinks links;
    private final TermSuggestions suggestions;
    private final ConsoleFormat format;

    public ConsoleController(ConsoleUsers users, WorkQueue queue, LeadLedger ledger, LeadPage leadPage, ReviewActions actions,
                             Towns towns, Departments departments, DepartmentCircuits circuits, BusinessLinks links,
                             TermSuggestions suggestions, ConsoleFormat format, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.suggestions = suggestions;
        this.format = format;
        this.links = links;
        this.circuits = circuits;
        this.users = users;
        this.queue = queue;
        this.ledger = ledger;
        this.leadPage = leadPage;
        this.actions = actions;
        this.towns = towns;
        this.departments = departments;
    }

    @GetMapping("/login")
    public String login() {
        return "console/login";
    }

    /** The bridge's address alone: the console (its sign-in when signed out). */
    @GetMapping("/")
    public String root() {
        return "redirect:/console";
    }

    @GetMapping({"/console", "/console/"})
    public String queue(Authentication auth, Model model,
                        @RequestParam(required = false) String cause, @RequestParam(required = false) String town,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                        @RequestParam(required = false) String industry, @RequestParam(required = false) String hazard,
                        @RequestParam(required = false) String dept, @RequestParam(defaultValue = "oldest") String sort,
                        @RequestParam(defaultValue = "received") String dates, @RequestParam(defaultValue = "0") int page) {
        Viewer viewer = common(auth, model);
        WorkQueue.Filter filter = new WorkQueue.Filter(cause, viewer.scopeTown(town), from, to, industry, hazard, dept,
                "newest".equals(sort), "reported".equals(dates));
        Page<LeadRecord> leads = queue.page(filter, Math.max(0, page), PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("sort", sort);
        model.addAttribute("counts", queue.counts(filter));
        model.addAttribute("leads", leads);
        model.addAttribute("pages", (leads.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("paused", circuits.paused());
        if (ConsoleUsers.CITY_ADMIN.equals(viewer.role())) {
            // what the broker gave up on is in no town's list yet: the city office hears of it (the latest count, no broker call)
            model.addAttribute("deadLetters", deadLetters.lastCount());
        }
        return "console/queue";
    }

    @GetMapping("/console/leads/{ref}")
    public String lead(@PathVariable String ref, Authentication auth, Model model) {
        Viewer viewer = common(auth, model);
        LeadRecord lead = find(ref, viewer);
        LeadPage.View page = leadPage.view(lead, viewer);
        model.addAttribute("page", page);
        // a claim locks the lead for others (ReviewActions.claim): only its holder, or the city office, acts or hands it over
        boolean locked = page.claimedBy() != null && !page.claimedBy().equals(viewer.username());
        boolean cityOffice = ConsoleUsers.CITY_ADMIN.equals(viewer.role());
        model.addAttribute("locked", locked);
        model.addAttribute("handOverTo", !locked || cityOffice ? handOverTo(lead, viewer) : Map.of());
        model.addAttribute("dismissReasons", ReviewActions.DISMISS_REASONS);
        model.addAttribute("urgeable", ReviewActions.URGEABLE);
        model.addAttribute("assignable", io.leadbridge.review.Assignments.ASSIGNABLE);
        model.addAttribute("dismissable", ReviewActions.OPEN_FOR_REVIEW);
        return "console/lead";
    }

    @PostMapping("/console/leads/{ref}/assign")
    public String assign(@PathVariable String ref, @RequestParam String dept, @RequestParam(required = false) String reason,
                         Authentication auth, RedirectAttributes flash) {
        return act(ref, auth, flash, "assigned", (lead, viewer) -> {
            requireReason(reason);
            actions.assign(lead, dept, reason, viewer.actor());
        });
    }

    @PostMapping("/console/leads/{ref}/retry")
    public String retry(@PathVariable String ref, @RequestParam(required = false) String reason, Authentication auth,
                        RedirectAttributes flash) {
        return act(ref, auth, flash, "retried", (lead, viewer) -> actions.retry(lead, reason, viewer.actor()));
    }

    @PostMapping("/console/leads/{ref}/dismiss")
    public String dismiss(@PathVariable String ref, @RequestParam String reason, @RequestParam(required = false) String note,
                          Authentication auth, RedirectAttributes flash) {
        return act(ref, auth, flash, "dismissed", (lead, viewer) -> actions.dismiss(lead, reason, note, viewer.actor()));
    }

    @PostMapping("/console/leads/{ref}/note")
    public String note(@PathVariable String ref, @RequestParam String text, Authentication auth, RedirectAttributes flash) {
        return act(ref, auth, flash, "noted", (lead, viewer) -> actions.note(lead, text, viewer.actor()));
    }

    /** 督办: the department that holds the case is urged (an URGE notice), with a note and optionally a new deadline. */
    @PostMapping("/console/leads/{ref}/urge")
    public String urge(@PathVariable String ref, @RequestParam(required = false) String note,
                       @RequestParam(required = false) @org.springframework.format.annotation.DateTimeFormat(iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE) java.time.LocalDate deadline,
                       Authentication auth, RedirectAttributes flash) {
        return act(ref, auth, flash, "urged", (lead, viewer) -> actions.urge(lead, note, deadline, viewer.actor()));
    }

    /** Not the same business as the reports it was linked to (a merged report is then routed as usual). */
    @PostMapping("/console/leads/{ref}/unlink")
    public String unlink(@PathVariable String ref, @RequestParam(required = false) String reason, Authentication auth,
                         RedirectAttributes flash) {
        return act(ref, auth, flash, "unlinked", (lead, viewer) -> links.unlink(lead, reason, viewer.actor()));
    }

    /** The same business as another report the viewer may see. */
    @PostMapping("/console/leads/{ref}/link")
    public String link(@PathVariable String ref, @RequestParam(required = false) String other,
                       @RequestParam(required = false) String reason, Authentication auth, RedirectAttributes flash) {
        return act(ref, auth, flash, "linked", (lead, viewer) -> {
            if (other == null || other.isBlank()) {
                throw new Explained.Invalid("otherRef", "other: the eventId of the other lead");
            }
            links.link(lead, find(other.trim(), viewer).ref(), reason, viewer.actor());
        });
    }

    @PostMapping("/console/leads/{ref}/claim")
    public String claim(@PathVariable String ref, @RequestParam(defaultValue = "true") boolean claim, Authentication auth,
                        RedirectAttributes flash) {
        return act(ref, auth, flash, claim ? "claimed" : "released", (lead, viewer) -> actions.claim(lead, claim, viewer.actor()));
    }

    @PostMapping("/console/leads/{ref}/hand-over")
    public String handOver(@PathVariable String ref, @RequestParam(required = false) String to, Authentication auth,
                           RedirectAttributes flash) {
        return act(ref, auth, flash, "handedOver", (lead, viewer) -> {
            if (to == null || !handOverTo(lead, viewer).containsKey(to)) {
                throw new Explained.Invalid("handOverUser", "to: a user who may act on this lead's town");
            }
            actions.handOver(lead, to, viewer.actor());
        });
    }

    /** Who a lead may be handed over to: the other users who may act on it (the city office, its town's coordinators), by name. */
    private Map<String, String> handOverTo(LeadRecord lead, Viewer viewer) {
        Map<String, String> to = new java.util.TreeMap<>();
        users.getUsers().forEach((name, account) -> {
            boolean acts = ConsoleUsers.CITY_ADMIN.equals(account.getRole())
                    || ConsoleUsers.TOWN_COORDINATOR.equals(account.getRole()) && lead.townCode() != null
                    && lead.townCode().equals(account.getTown());
            if (acts && !name.equals(viewer.username())) {
                to.put(name, account.getName() == null ? name : account.getName());
            }
        });
        return to;
    }

    @PostMapping("/console/leads/{ref}/suggest")
    public String suggest(@PathVariable String ref, @RequestParam String term, @RequestParam(required = false) String dept,
                          @RequestParam(required = false) String industry, Authentication auth, RedirectAttributes flash) {
        return act(ref, auth, flash, "suggested", (lead, viewer) -> suggestions.suggest(lead.ref(), term, dept, industry, viewer.actor()));
    }

    /** Assign or retry a selection, or the whole filtered group, in order; stops at the first failure. */
    /**
     * A bulk action on the leads ticked, or on the whole group the screen shows: every filter of the screen, and only
     * when the group still has the number of leads the screen said ({@code expected}), so that what is done is what
     * was seen. Nothing ticked, a changed group or an assignment without a reason is refused before anything is done.
     */
    @PostMapping("/console/bulk")
    public String bulk(@RequestParam String action, @RequestParam(required = false) List<String> refs,
                       @RequestParam(defaultValue = "false") boolean wholeGroup, @RequestParam(required = false) String cause,
                       @RequestParam(required = false) String town,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                       @RequestParam(required = false) String industry, @RequestParam(required = false) String hazard,
                       @RequestParam(required = false) String filterDept, @RequestParam(defaultValue = "oldest") String sort,
                       @RequestParam(required = false) Long expected, @RequestParam(required = false) String dept,
                       @RequestParam(required = false) String reason, @RequestParam(defaultValue = "received") String dates,
                       Authentication auth, RedirectAttributes flash) {
        Viewer viewer = Viewer.of(auth, users);
        WorkQueue.Filter filter = new WorkQueue.Filter(cause, viewer.scopeTown(town), from, to, industry, hazard, filterDept,
                "newest".equals(sort), "reported".equals(dates));
        List<LeadRecord> leads = new ArrayList<>();
        String refused = null;
        if ("assign".equals(action) && (reason == null || reason.isBlank())) {
            refused = format.refusal(new Explained.Reason("assignReason"), ASSIGN_REASON);
        } else if (wholeGroup) {
            long now = queue.page(filter, 0, 1).total();
            if (expected == null || now != expected) {
                refused = format.refusal(new Explained.Reason("groupChanged", now, expected == null ? "?" : expected),
                        "the group is " + now + " lead(s) now, the screen showed " + expected + ": look at it again");
            } else if (now > BULK_MAX) {
                refused = format.refusal(new Explained.Reason("groupTooLarge", now, BULK_MAX),
                        "the group has " + now + " leads; at most " + BULK_MAX + " at a time");
            } else {
                leads.addAll(queue.all(filter, BULK_MAX));
            }
        } else if (refs == null || refs.isEmpty()) {
            refused = format.refusal(new Explained.Reason("nothingTicked"), "refs: nothing was ticked");
        } else {
            refs.stream().limit(BULK_MAX).forEach(r -> leads.add(find(r, viewer)));
        }
        if (refused != null) {
            flash.addFlashAttribute("bulkRefused", refused);
            return "redirect:/console" + (cause == null ? "" : "?cause=" + cause);
        }
        Consumer<LeadRecord> each = switch (action) {
            case "assign" -> lead -> actions.assign(lead, dept, reason, viewer.actor());
            case "retry" -> lead -> actions.retry(lead, reason, viewer.actor());
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "action: assign or retry");
        };
        ReviewActions.BulkResult result = actions.bulk(leads, each, format::refusal);
        flash.addFlashAttribute("bulk", result);
        return "redirect:/console" + (cause == null ? "" : "?cause=" + cause);
    }

    /** In the console an assignment says why (the API leaves the reason to its client). */
    static final String ASSIGN_REASON = "reason: an assignment says why this department";

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new Explained.Invalid("assignReason", ASSIGN_REASON);
        }
    }

    private interface Action {
        void run(LeadRecord lead, Viewer viewer);
    }

    private String act(String ref, Authentication auth, RedirectAttributes flash, String done, Action action) {
        Viewer viewer = Viewer.of(auth, users);
        LeadRecord lead = find(ref, viewer);
        try {
            action.run(lead, viewer);
            flash.addFlashAttribute("done", done);
        } catch (Assignments.Refused | IllegalArgumentException e) {
            flash.addFlashAttribute("error", format.refusal(e));
        }
        return "redirect:/console/leads/" + ref;
    }

    private LeadRecord find(String ref, Viewer viewer) {
        return viewer.check(ledger.findByRef(ref).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
    }

    private Viewer common(Authentication auth, Model model) {
        Viewer viewer = Viewer.of(auth, users);
        model.addAttribute("viewer", viewer);
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
        model.addAttribute("causes", WorkQueue.CAUSES);
        return viewer;
    }
}
