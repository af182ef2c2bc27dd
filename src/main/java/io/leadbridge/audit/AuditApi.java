package io.leadbridge.audit;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/audit/verify (ops key): checks the audit log's hash chain; 409 names the first broken row. */
@RestController
public class AuditApi {

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit/verify")
    public ResponseEntity<AuditLog.Verification> verify() {
        AuditLog.Verification result = audit.verify();
        return ResponseEntity.status(result.intact() ? 200 : 409).body(result);
    }
}
