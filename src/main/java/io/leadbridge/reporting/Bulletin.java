package io.leadbridge.reporting;

import io.leadbridge.audit.AuditLog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;

/**
 * The monthly bulletin (通报) as the API and the console give it: its title and tables for a month, and its files
 * (xlsx, csv) with the export recorded in the audit under whoever asked.
 */
@Component
public class Bulletin {

    /** A month's bulletin: title, file name without extension, tables. */
    public record Document(YearMonth month, String title, String file, List<Reports.Table> tables) {
    }

    private final Reports reports;
    private final AuditLog audit;

    public Bulletin(Reports reports, AuditLog audit) {
        this.reports = reports;
        this.audit = audit;
    }

    public Document of(YearMonth month) {
        return new Document(month, "无证无照经营整治工作通报（" + month.getYear() + "年" + month.getMonthValue() + "月）",
                "bulletin-" + month, reports.bulletin(month));
    }

    /** Records that {@code actor} exported the document in {@code format} (xlsx, csv or html). */
    public void exported(Document document, String format, AuditLog.Actor actor) {
        audit.record(actor, "EXPORT", null, document.file() + "." + format, null, null);
    }

    /** The document as a file to download: xlsx or csv (html is the caller's page); anything else names the field. */
    public ResponseEntity<byte[]> file(Document document, String format) {
        return switch (format) {
            case "xlsx" -> ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + document.file() + ".xlsx\"")
                    .body(BulletinFormats.xlsx(document.title(), document.tables()));
            case "csv" -> ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + document.file() + ".csv\"")
                    .body(BulletinFormats.csv(document.title(), document.tables()));
            default -> throw new IllegalArgumentException("format: xlsx or csv");
        };
    }

    /** A month given as YYYY-MM; anything else names the field. */
    public static YearMonth month(String month) {
        return ReportsApi.month(month);
    }
}
