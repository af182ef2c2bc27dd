package io.leadbridge.review;

import io.leadbridge.audit.AuditLog;
import io.leadbridge.routing.Catalogue;
import io.leadbridge.routing.CatalogueEntry;
import io.leadbridge.routing.TextNormalizer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms coordinators suggest from leads the router could not place (suggested from a lead's page), and what the city
 * office decides on each: accepted into the catalogue's draft, or rejected. The draft is the catalogue in use with the
 * accepted terms not in it yet, each as an alias of the industry it was suggested for (matched by code or name), or a
 * line of its own: a file for the city office to check, preview and apply on the catalogue page, never put in use by
 * itself.
 */
@Component
public class TermSuggestions {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";

    public record Suggestion(long id, String term, String deptCode, String industry, String leadRef, String by,
                             OffsetDateTime at, String decision, String decidedBy) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    public TermSuggestions(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String SELECT = "SELECT id, term, dept_code, industry, lead_ref, suggested_by, suggested_at,"
            + " decision, decided_by FROM term_suggestion";

    private static final org.springframework.jdbc.core.RowMapper<Suggestion> ROW = (rs, n) -> new Suggestion(rs.getLong(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getObject(7, OffsetDateTime.class), rs.getString(8), rs.getString(9));

    /** Newest first. */
    public List<Suggestion> list() {
        return jdbc.sql(SELECT + " ORDER BY id DESC").query(ROW).list();
    }

    /** A term for the catalogue, from a lead the router could not place: waits for the city office's decision. */
    @Transactional
    public void suggest(String leadRef, String term, String deptCode, String industry, AuditLog.Actor actor) {
        if (term == null || TextNormalizer.normalize(term).isEmpty() || term.length() > 200) {
            throw new Explained.Invalid("term", "term: a term is 1 to 200 characters");
        }
        jdbc.sql("INSERT INTO term_suggestion (term, dept_code, industry, lead_ref, suggested_by, suggested_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(term.strip(), stripToNull(deptCode), stripToNull(industry), leadRef, actor.name(),
                        OffsetDateTime.now(clock)).update();
        audit.record(actor, "SUGGEST_TERM", leadRef, term + (deptCode == null ? "" : " → " + deptCode), null, null);
    }

    private static String stripToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Accepts (into the draft) or rejects a suggestion not decided yet; in the audit with its lead. */
    @Transactional
    public void decide(long id, boolean accept, AuditLog.Actor actor) {
        Suggestion suggestion = jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ROW).optional()
                .orElseThrow(() -> new Explained.Invalid("noSuggestion", "suggestion: no suggestion " + id, String.valueOf(id)));
        int changed = jdbc.sql("UPDATE term_suggestion SET decision = ?, decided_by = ?, decided_at = ?"
                        + " WHERE id = ? AND decision IS NULL")
                .params(accept ? ACCEPTED : REJECTED, actor.name(), OffsetDateTime.now(clock), id).update();
        if (changed == 0) {
            throw new Assignments.Refused(409, "decided", "suggestion: '" + suggestion.term() + "' was already " + suggestion.decision(),
                    suggestion.term());
        }
        audit.record(actor, accept ? "TERM_ACCEPTED" : "TERM_REJECTED", suggestion.leadRef(), suggestion.term(), null,
                accept ? ACCEPTED : REJECTED);
    }

    /** The accepted terms the catalogue does not hold yet, oldest first. */
    public List<Suggestion> pending(Catalogue catalogue) {
        Set<String> terms = terms(catalogue);
        List<Suggestion> pending = new ArrayList<>();
        List<Suggestion> oldestFirst = new ArrayList<>(list());
        java.util.Collections.reverse(oldestFirst);
        for (Suggestion s : oldestFirst) {
            if (ACCEPTED.equals(s.decision()) && terms.add(TextNormalizer.normalize(s.term()))) {
                pending.add(s);
            }
        }
        return pending;
    }

    /** The catalogue's file (its CSV as loaded) with the pending accepted terms written in. */
    public String draft(Catalogue catalogue, String csv) {
        CSVFormat read = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv), read)) {
            List<String> header = parser.getHeaderNames();
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(new ArrayList<>(record.toList()));
            }
            int aliases = header.indexOf("aliases");
            int code = header.indexOf("industry_code");
            int name = header.indexOf("industry_name");
            for (Suggestion s : pending(catalogue)) {
                List<String> industry = s.industry() == null ? null : rows.stream()
                        .filter(r -> s.industry().equalsIgnoreCase(r.get(code)) || s.industry().equals(r.get(name)))
                        .findFirst().orElse(null);
                if (industry != null) {
                    String was = industry.get(aliases);
                    industry.set(aliases, was.isBlank() ? s.term() : was + "|" + s.term());
                } else {
                    List<String> line = new ArrayList<>();
                    for (String column : header) {
                        line.add(switch (column) {
                            case "keyword" -> s.term();
                            case "industry_code" -> s.industry() != null && s.industry().matches("[A-Z][A-Z0-9_]*")
                                    ? s.industry() : "NEW_" + s.id();
                            case "industry_name" -> s.industry() == null ? s.term() : s.industry();
                            case "dept_code" -> s.deptCode() == null ? "" : s.deptCode();
                            case "priority" -> "0";
                            case "note" -> "suggested by " + s.by() + " from lead " + s.leadRef();
                            default -> "";
                        });
                    }
                    rows.add(line);
                }
            }
            StringBuilder out = new StringBuilder();
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                printer.printRecord(header);
                printer.printRecords(rows);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> terms(Catalogue catalogue) {
        Set<String> terms = new HashSet<>();
        for (CatalogueEntry entry : catalogue.entries()) {
            terms.add(TextNormalizer.normalize(entry.keyword()));
            entry.aliases().forEach(a -> terms.add(TextNormalizer.normalize(a)));
        }
        return terms;
    }
}
