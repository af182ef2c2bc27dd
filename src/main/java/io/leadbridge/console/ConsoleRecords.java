package io.leadbridge.console;

import io.leadbridge.audit.AuditLog;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.routing.TextNormalizer;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.leadbridge.access.ConsoleUsers;
import io.leadbridge.reference.Departments;
import io.leadbridge.reference.Towns;
import io.leadbridge.reporting.SpreadsheetText;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The console's record pages: the audit log (and its CSV) and the terms suggested for the catalogue. */
@Controller
public class ConsoleRecords {

    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final ConsoleUsers users;
    private final Towns towns;
    private final Departments departments;

    public ConsoleRecords(AuditLog audit, JdbcClient jdbc, ConsoleUsers users, Towns towns, Departments departments,
                          io.leadbridge.review.TermSuggestions terms) {
        this.terms = terms;
        this.audit = audit;
        this.jdbc = jdbc;
        this.users = users;
        this.towns = towns;
        this.departments = departments;
    }

    private final io.leadbridge.review.TermSuggestions terms;

    /** A suggested term and how many leads disputed for no match hold it. */
    public record Suggestion(io.leadbridge.review.TermSuggestions.Suggestion term, long wouldClear) {
    }

    @GetMapping("/console/audit")
    public String audit(Authentication auth, Model model, @RequestParam(required = false) String actor,
                        @RequestParam(required = false) String action, @RequestParam(required = false) String lead,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        common(auth, model);
        model.addAttribute("entries", entries(actor, action, lead, from, to));
        return "console/audit";
    }

    @GetMapping(value = "/console/audit.csv")
    public ResponseEntity<byte[]> auditCsv(Authentication auth, @RequestParam(required = false) String actor,
                                           @RequestParam(required = false) String action, @RequestParam(required = false) String lead,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to)
            throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("时间", "操作人", "角色", "渠道", "操作", "线索", "原因", "之前", "之后").get())) {
            for (AuditLog.Entry e : entries(actor, action, lead, from, to)) {
                csv.printRecord(e.at(), SpreadsheetText.cell(e.actor()), e.role(), e.channel(), e.action(), SpreadsheetText.cell(e.leadRef()), SpreadsheetText.cell(e.reason()),
                        SpreadsheetText.cell(e.before()), SpreadsheetText.cell(e.after()));
            }
        }
        // Exports say who exported what.
        audit.record(Viewer.of(auth, users).actor(), "EXPORT", lead, "audit.csv actor=" + actor + " action=" + action
                + " from=" + from + " to=" + to, null, null);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                .body(("\uFEFF" + out).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/console/suggestions")
    public String suggestions(Authentication auth, Model model) {
        common(auth, model);
        List<String[]> noMatch = jdbc.sql("SELECT payload, town_code FROM lead WHERE state = ? AND reason = 'NO_MATCH'")
                .param(LeadState.DISPUTED.name())
                .query((rs, n) -> new String[]{TextNormalizer.normalize(rs.getString(1)), rs.getString(2)}).list();
        List<Suggestion> suggestions = terms.list().stream().map(t -> {
            String term = TextNormalizer.normalize(t.term());
            return new Suggestion(t, noMatch.stream().filter(l -> l[0].contains(term)).count());
        }).toList();
        model.addAttribute("suggestions", suggestions);
        return "console/suggestions";
    }

    private List<AuditLog.Entry> entries(String actor, String action, String lead, LocalDate from, LocalDate to) {
        ZoneId city = ZoneId.of("Asia/Shanghai");
        return audit.find(actor, action, lead, from == null ? null : from.atStartOfDay(city).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(city).toOffsetDateTime(), 1000);
    }

    private void common(Authentication auth, Model model) {
        model.addAttribute("viewer", Viewer.of(auth, users));
        model.addAttribute("towns", towns);
        model.addAttribute("departments", departments);
    }
}
