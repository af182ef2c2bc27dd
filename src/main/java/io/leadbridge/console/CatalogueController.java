package io.leadbridge.console;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.review.Assignments;
import io.leadbridge.review.CatalogueWhatIf;
import io.leadbridge.review.TermSuggestions;
import io.leadbridge.routing.Catalogue;
import io.leadbridge.routing.CatalogueApi;
import io.leadbridge.routing.CatalogueRejectedException;
import io.leadbridge.routing.CatalogueStore;
import io.leadbridge.routing.CatalogueVersions;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;

/**
 * The keyword catalogue in the console (issue 18 point 4): the version in use and its history, the last file refused
 * with every problem by line; for the city office a CSV or XLSX upload that is first previewed (what the disputed leads
 * would get, nothing changed) and then applied (put in use, the router-disputed leads routed again), and a restore of
 * an earlier version. The same actions as the API's (CatalogueApi, CatalogueWhatIfApi), audited the same way, by the
 * person. Everyone reads the page and downloads a version; only the city office changes it (SecurityConfig).
 */
@Controller
public class CatalogueController {

    private final ConsoleUsers users;
    private final CatalogueStore store;
    private final CatalogueVersions versions;
    private final CatalogueWhatIf whatIf;
    private final AuditLog audit;
    private final io.leadbridge.reference.Departments departments;
    private final TermSuggestions suggestions;
    private final ConsoleFormat format;

    public CatalogueController(ConsoleUsers users, CatalogueStore store, CatalogueVersions versions, CatalogueWhatIf whatIf,
                               AuditLog audit, io.leadbridge.reference.Departments departments, TermSuggestions suggestions,
                               ConsoleFormat format) {
        this.format = format;
        this.departments = departments;
        this.suggestions = suggestions;
        this.users = users;
        this.store = store;
        this.versions = versions;
        this.whatIf = whatIf;
        this.audit = audit;
    }

    @GetMapping("/console/catalogue")
    public String page(Authentication auth, Model model) {
        return page(Viewer.of(auth, users), model);
    }

    private String page(Viewer viewer, Model model) {
        Catalogue current = store.current();
        model.addAttribute("viewer", viewer);
        model.addAttribute("current", current);
        model.addAttribute("loaded", versions.find(current.version()).orElse(null));
        model.addAttribute("history", versions.activations(20));
        model.addAttribute("refusal", store.lastRefusal());
        model.addAttribute("departments", departments);
        model.addAttribute("draftTerms", suggestions.pending(current));
        model.addAttribute("mayChange", ConsoleUsers.CITY_ADMIN.equals(viewer.role()));
        return "console/catalogue";
    }

    /** A version's file as it was loaded. */
    @GetMapping("/console/catalogue/file")
    public ResponseEntity<byte[]> file(@RequestParam(required = false) String version) {
        String wanted = version == null || version.isBlank() ? store.current().version() : version;
        String content = versions.content(wanted)
                .orElseThrow(() -> new IllegalArgumentException("version: no catalogue version " + wanted));
        return CatalogueApi.csvFile("keywords-" + wanted + ".csv", content);
    }

    /**
     * The draft: the catalogue in use with the accepted suggested terms written in, to check, preview and apply here.
     */
    @GetMapping("/console/catalogue/draft")
    public ResponseEntity<byte[]> draft() {
        Catalogue current = store.current();
        String csv = suggestions.draft(current, versions.content(current.version()).orElseThrow());
        return CatalogueApi.csvFile("keywords-draft-" + current.version() + ".csv", csv);
    }

    /** A suggested term accepted into the draft or rejected; back to the suggestions. */
    @PostMapping("/console/catalogue/suggestions/{id}/{decision:accept|reject}")
    public String decide(@PathVariable long id, @PathVariable String decision, Authentication auth, RedirectAttributes flash) {
        try {
            suggestions.decide(id, decision.equals("accept"), Viewer.of(auth, users).actor());
            flash.addFlashAttribute("done", decision.equals("accept") ? "termAccepted" : "termRejected");
        } catch (Assignments.Refused | IllegalArgumentException e) {
            flash.addFlashAttribute("error", format.refusal(e));
        }
        return "redirect:/console/suggestions";
    }

    /** What the file would decide for the leads the router could not place; nothing changes. */
    @PostMapping("/console/catalogue/preview")
    public String preview(@RequestParam(name = "file", required = false) MultipartFile file, Authentication auth, Model model) throws IOException {
        Viewer viewer = Viewer.of(auth, users);
        try {
            model.addAttribute("preview", whatIf.preview(store.parse(name(file), bytes(file))));
        } catch (CatalogueRejectedException refused) {
            model.addAttribute("problems", refused.problems());
        }
        model.addAttribute("fileName", name(file));
        return page(viewer, model);
    }

    /** Puts the file in use and routes the router-disputed leads again (each in its own transaction). */
    @PostMapping("/console/catalogue/apply")
    public String apply(@RequestParam(name = "file", required = false) MultipartFile file, Authentication auth, Model model, RedirectAttributes flash)
            throws IOException {
        Viewer viewer = Viewer.of(auth, users);
        String before = store.current().version();
        try {
            CatalogueWhatIf.Report report = whatIf.apply(name(file), bytes(file), viewer.actor());
            flash.addFlashAttribute("done", "catalogueApplied");
            // the session keeps flash attributes: plain serialisable values, not the report
            flash.addFlashAttribute("appliedVersion", report.candidateVersion());
            flash.addFlashAttribute("appliedOutcomes", new java.util.LinkedHashMap<>(report.outcomes()));
            return "redirect:/console/catalogue";
        } catch (CatalogueRejectedException refused) {
            audit.record(viewer.actor(), "CATALOGUE_REFUSED", null,
                    refused.problems().size() + " problem(s) in " + name(file), before, before);
            model.addAttribute("problems", refused.problems());
            model.addAttribute("fileName", name(file));
            return page(viewer, model);
        }
    }

    @PostMapping("/console/catalogue/restore")
    public String restore(@RequestParam String version, Authentication auth, RedirectAttributes flash) {
        Viewer viewer = Viewer.of(auth, users);
        String before = store.current().version();
        Catalogue restored = store.restore(version, viewer.username());
        audit.record(viewer.actor(), "CATALOGUE_RESTORE", null, version, before, restored.version());
        flash.addFlashAttribute("done", "catalogueRestored");
        return "redirect:/console/catalogue";
    }

    /** The uploaded file's bytes; none chosen is a 400 that says so. */
    private static byte[] bytes(MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new io.leadbridge.review.Explained.Invalid("catalogueFile", "file: choose a CSV or XLSX file");
        }
        return file.getBytes();
    }

    private static String name(MultipartFile file) {
        return file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload.csv" : file.getOriginalFilename();
    }
}
