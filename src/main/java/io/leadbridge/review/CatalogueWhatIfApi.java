package io.leadbridge.review;

import io.leadbridge.access.ApiClient;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.routing.CatalogueApi;
import io.leadbridge.routing.CatalogueRejectedException;
import io.leadbridge.routing.CatalogueStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /api/v1/catalogue/what-if: what a candidate catalogue (CSV or XLSX body) would decide for
 * every lead now DISPUTED by the router. /what-if/apply loads it and routes those leads again.
 */
@RestController
public class CatalogueWhatIfApi {

    private final CatalogueWhatIf whatIf;
    private final CatalogueStore catalogues;

    public CatalogueWhatIfApi(CatalogueWhatIf whatIf, CatalogueStore catalogues) {
        this.whatIf = whatIf;
        this.catalogues = catalogues;
    }

    @PostMapping("/api/v1/catalogue/what-if")
    public ResponseEntity<?> preview(@RequestBody byte[] candidate,
                                     @RequestHeader(value = "X-File-Name", defaultValue = "candidate") String fileName) {
        try {
            return ResponseEntity.ok(whatIf.preview(catalogues.parse(fileName, candidate)));
        } catch (CatalogueRejectedException refused) {
            return CatalogueApi.refusal(refused);
        }
    }

    @PostMapping("/api/v1/catalogue/what-if/apply")
    public ResponseEntity<?> apply(@RequestBody byte[] candidate,
                                   @RequestHeader(value = "X-File-Name", defaultValue = "candidate") String fileName,
                                   @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        try {
            return ResponseEntity.ok(whatIf.apply(fileName, candidate, AuditLog.Actor.api(client.name())));
        } catch (CatalogueRejectedException refused) {
            return CatalogueApi.refusal(refused);
        }
    }
}
