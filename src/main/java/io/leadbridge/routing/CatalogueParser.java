package io.leadbridge.routing;

import io.leadbridge.config.Hashes;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a catalogue CSV (routing-rules.md §1) and either builds a {@link Catalogue} or refuses
 * it with every problem found, each placed by file, line and column.
 */
public final class CatalogueParser {

    static final List<String> COLUMNS = List.of("keyword", "aliases", "industry_code", "industry_name",
            "permit_name", "dept_code", "priority", "hazard", "note");

    /** A term longer than this is a mistake (a pasted paragraph), not a keyword. */
    static final int MAX_TERM = 50;

    private final Set<String> departmentCodes;

    public CatalogueParser(Set<String> departmentCodes) {
        this.departmentCodes = departmentCodes;
    }

    public Catalogue parse(String fileName, byte[] content) {
        List<CatalogueProblem> problems = new ArrayList<>();
        String text = decode(fileName, content, problems);
        List<CatalogueEntry> entries = new ArrayList<>();
        Map<String, Catalogue.Term> terms = new LinkedHashMap<>();
        if (text != null) {
            readRows(fileName, text, entries, terms, problems);
        }
        if (!problems.isEmpty()) {
            throw new CatalogueRejectedException(problems);
        }
        return new Catalogue(entries, terms, versionOf(content));
    }

    private static String decode(String fileName, byte[] content, List<CatalogueProblem> problems) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            problems.add(new CatalogueProblem(fileName, 0, null, "file is not UTF-8: save it as CSV UTF-8"));
            return null;
        }
    }

    private void readRows(String fileName, String text, List<CatalogueEntry> entries,
                          Map<String, Catalogue.Term> terms, List<CatalogueProblem> problems) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> missing = COLUMNS.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                problems.add(new CatalogueProblem(fileName, 1, String.join(",", missing), "missing column(s) in the header row"));
                return;
            }
            Map<String, Long> termLines = new LinkedHashMap<>();
            for (CSVRecord row : parser) {
                CatalogueEntry entry = readEntry(fileName, row, problems);
                if (entry != null) {
                    entries.add(entry);
                    addTerms(fileName, entry, row, terms, termLines, problems);
                }
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            problems.add(new CatalogueProblem(fileName, 0, null, "not a readable CSV: " + e.getMessage()));
        }
    }

    private CatalogueEntry readEntry(String fileName, CSVRecord row, List<CatalogueProblem> problems) {
        long line = row.getParser().getCurrentLineNumber();
        int before = problems.size();
        String keyword = value(row, "keyword");
        String permit = value(row, "permit_name");
        String dept = value(row, "dept_code");
        String industry = value(row, "industry_code");
        String hazard = value(row, "hazard");
        if (keyword.isEmpty()) {
            problems.add(new CatalogueProblem(fileName, line, "keyword", "keyword is empty"));
        }
        if (permit.isEmpty() != dept.isEmpty()) {
            problems.add(new CatalogueProblem(fileName, line, permit.isEmpty() ? "permit_name" : "dept_code",
                    "permit_name and dept_code must be both set or both empty"));
        }
        if (!dept.isEmpty() && !departmentCodes.contains(dept)) {
            problems.add(new CatalogueProblem(fileName, line, "dept_code", "unknown department '" + dept + "'"));
        }
        if (industry.isEmpty() && !dept.isEmpty()) {
            problems.add(new CatalogueProblem(fileName, line, "industry_code",
                    "a hazard marker (no industry_code) cannot name a department"));
        }
        int priority = 0;
        String priorityText = value(row, "priority");
        if (!priorityText.isEmpty()) {
            try {
                priority = Integer.parseInt(priorityText);
            } catch (NumberFormatException e) {
                problems.add(new CatalogueProblem(fileName, line, "priority", "'" + priorityText + "' is not an integer"));
            }
        }
        if (!hazard.isEmpty() && !hazard.equals("MAJOR")) {
            problems.add(new CatalogueProblem(fileName, line, "hazard", "'" + hazard + "' is neither MAJOR nor empty"));
        }
        if (problems.size() > before) {
            return null;
        }
        List<String> aliases = Arrays.stream(value(row, "aliases").split("\\|"))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new CatalogueEntry((int) line, keyword, aliases, industry, value(row, "industry_name"),
                permit, dept, priority, hazard.equals("MAJOR"), value(row, "note"));
    }

    private static void addTerms(String fileName, CatalogueEntry entry, CSVRecord row, Map<String, Catalogue.Term> terms,
                                 Map<String, Long> termLines, List<CatalogueProblem> problems) {
        long line = entry.line();
        List<String> raw = new ArrayList<>();
        raw.add(entry.keyword());
        raw.addAll(entry.aliases());
        for (int i = 0; i < raw.size(); i++) {
            String column = i == 0 ? "keyword" : "aliases";
            String term = TextNormalizer.normalize(raw.get(i));
            if (term.length() > MAX_TERM) {
                problems.add(new CatalogueProblem(fileName, line, column, "term '" + raw.get(i).substring(0, 20)
                        + "…' is longer than " + MAX_TERM + " characters"));
            } else if (term.isEmpty()) {
                problems.add(new CatalogueProblem(fileName, line, column, "term '" + raw.get(i) + "' is empty after normalisation"));
            } else if (terms.containsKey(term)) {
                Long first = termLines.get(term);
                problems.add(new CatalogueProblem(fileName, line, column, "term '" + raw.get(i) + "' (normalised '" + term
                        + "') appears twice" + (first == line ? " in this entry" : ", first on line " + first)));
            } else {
                terms.put(term, new Catalogue.Term(term, entry));
                termLines.put(term, line);
            }
        }
    }

    private static String value(CSVRecord row, String column) {
        return row.isMapped(column) && row.isSet(column) ? row.get(column).trim() : "";
    }

    /** A catalogue's version: the first 12 hex digits of the SHA-256 of its content. */
    private static String versionOf(byte[] content) {
        return Hashes.sha256(content).substring(0, 12);
    }
}
