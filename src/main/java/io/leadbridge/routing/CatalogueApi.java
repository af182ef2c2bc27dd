package io.leadbridge.routing;

import io.leadbridge.access.ApiClient;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue in use: GET (version, counts, last refusal; ?format=csv downloads it), PUT a new
 * one (CSV or XLSX, ops key), POST restore an earlier version.
 */
@RestController
public class CatalogueApi {

    private final CatalogueStore store;
    private final CatalogueVersions versions;
    private final AuditLog audit;

    public CatalogueApi(CatalogueStore store, CatalogueVersions versions, AuditLog audit) {
        this.store = store;
        this.versions = versions;
        this.audit = audit;
    }

    @GetMapping("/api/v1/catalogue")
    public ResponseEntity<?> get(@RequestParam(required = false) String format) {
        Catalogue catalogue = store.current();
        if ("csv".equalsIgnoreCase(format)) {
            return csvFile("keywords-" + catalogue.version() + ".csv", versions.content(catalogue.version()).orElseThrow());
        }
        if (format != null) {
            throw new IllegalArgumentException("format: only csv can be asked for");
        }
        Map<String, Object> view = new LinkedHashMap<>(describe(catalogue));
        view.put("history", versions.activations(20));
        CatalogueStore.Refusal refusal = store.lastRefusal();
        view.put("lastError", refusal == null ? null : Map.of("at", refusal.at(), "source", refusal.source(),
                "file", refusal.fileName(), "problems", refusal.problems()));
        return ResponseEntity.ok(view);
    }

    @PutMapping("/api/v1/catalogue")
    public ResponseEntity<?> put(@RequestBody byte[] body,
                                 @RequestHeader(value = "X-File-Name", defaultValue = "upload") String fileName,
                                 @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        String before = store.current().version();
        try {
            Catalogue installed = store.install(fileName, body, CatalogueStore.UPLOAD, client.name());
            audit.record(AuditLog.Actor.api(client.name()), "CATALOGUE_UPLOAD", null, fileName, before, installed.version());
            return ResponseEntity.ok(describe(installed));
        } catch (CatalogueRejectedException refused) {
            audit.record(AuditLog.Actor.api(client.name()), "CATALOGUE_REFUSED", null,
                    refused.problems().size() + " problem(s) in " + fileName, before, before);
            return refusal(refused);
        }
    }

    @PostMapping("/api/v1/catalogue/restore")
    public Map<String, Object> restore(@RequestParam(required = false) String version,
                                       @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        String before = store.current().version();
        Catalogue restored = store.restore(version, client.name());
        audit.record(AuditLog.Actor.api(client.name()), "CATALOGUE_RESTORE", null, version, before, restored.version());
        return describe(restored);
    }

    /** A catalogue file to download, with a BOM so that Excel opens the Chinese text as UTF-8. */
    public static ResponseEntity<byte[]> csvFile(String fileName, String content) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .body(("\uFEFF" + content).getBytes(StandardCharsets.UTF_8));
    }

    Map<String, Object> describe(Catalogue catalogue) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version", catalogue.version());
        view.put("entries", catalogue.entries().size());
        view.put("terms", catalogue.termCount());
        versions.find(catalogue.version()).ifPresent(v -> {
            view.put("loadedAt", v.loadedAt());
            view.put("loadedBy", v.loadedBy());
            view.put("fileName", v.fileName());
        });
        return view;
    }

    /** 422 with every problem of a refused catalogue, each by file, line and column. */
    public static ResponseEntity<ProblemDetail> refusal(CatalogueRejectedException refused) {
        ProblemDetail problem = Problems.problem(422, "Catalogue refused",
                refused.problems().size() + " problem(s); the catalogue in use is unchanged");
        List<Map<String, Object>> errors = refused.problems().stream().map(p -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("file", p.file());
            error.put("line", p.line());
            error.put("column", p.column());
            error.put("field", "line " + p.line() + (p.column() == null ? "" : ", " + p.column()));
            error.put("problem", p.message());
            return error;
        }).toList();
        problem.setProperty("errors", errors);
        return Problems.response(problem);
    }
}
