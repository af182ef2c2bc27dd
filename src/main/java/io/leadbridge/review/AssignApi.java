package io.leadbridge.review;

import io.leadbridge.access.ApiClient;
import io.leadbridge.audit.AuditLog;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadViews;
import io.leadbridge.web.Problems;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/v1/review/{eventId}/assign {"deptCode": "...", "reason": "..."}: a MANUAL dispatch (ops key). */
@RestController
public class AssignApi {

    /** The body of an assignment. */
    public record AssignRequest(String deptCode, String reason) {
    }

    private final ReviewActions actions;
    private final LeadLedger ledger;
    private final LeadViews views;

    public AssignApi(ReviewActions actions, LeadLedger ledger, LeadViews views) {
        this.actions = actions;
        this.ledger = ledger;
        this.views = views;
    }

    @PostMapping("/api/v1/review/{eventId}/assign")
    public ResponseEntity<?> assign(@PathVariable String eventId, @RequestBody AssignRequest request,
                                    @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        try {
            LeadRecord lead = ledger.findByEventId(eventId).orElseThrow(() -> new Assignments.Refused(404, "no lead " + eventId));
            return ResponseEntity.ok(views.detail(actions.assign(lead, request.deptCode(), request.reason(),
                    AuditLog.Actor.api(client.name()))));
        } catch (Assignments.Refused refused) {
            return Problems.response(Problems.problem(refused.status, refused.status == 404 ? "Not found" : "Not allowed now",
                    refused.getMessage()));
        }
    }
}
