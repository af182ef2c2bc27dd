package io.leadbridge.reference;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A code table from config/ (code, name, ...): departments.csv, towns.csv. */
public class CodeTable {

    private final Map<String, CSVRecord> rows;

    protected CodeTable(Path file) {
        Map<String, CSVRecord> read = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord row : parser) {
                read.put(stripBom(row.get(0)), row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read code table " + file.toAbsolutePath(), e);
        }
        this.rows = Collections.unmodifiableMap(read);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    public boolean contains(String code) {
        return code != null && rows.containsKey(code);
    }

    public Set<String> codes() {
        return rows.keySet();
    }

    public String name(String code) {
        CSVRecord row = rows.get(code);
        return row == null ? null : row.get("name");
    }

    /**
     * The name a person reads in the console: the English column ({@code name_en}) when the request's language is
     * English and the table has one, else the Chinese name (which cases and reports always carry); the code when unknown.
     */
    public String label(String code) {
        CSVRecord row = rows.get(code);
        if (row == null) {
            return code;
        }
        boolean english = "en".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage());
        if (english && row.isMapped("name_en") && !row.get("name_en").isBlank()) {
            return row.get("name_en");
        }
        return row.get("name");
    }
}
