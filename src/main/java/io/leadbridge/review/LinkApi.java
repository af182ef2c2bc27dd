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

import java.util.function.Consumer;

/**
 * Corrections of the same-business check (ops key): POST /api/v1/review/{eventId}/unlink {"reason"} and
 * POST /api/v1/review/{eventId}/link {"other": eventId, "reason"}; each answers the lead as it is after.
 */
@RestController
public class LinkApi {

    /** The body of an unlink ({@code other} unused) or a link. */
    public record LinkRequest(String other, String reason) {
    }

    private final BusinessLinks links;
    private final LeadLedger ledger;
    private final LeadViews views;

    public LinkApi(BusinessLinks links, LeadLedger ledger, LeadViews views) {
        this.links = links;
        this.ledger = ledger;
        this.views = views;
    }

    @PostMapping("/api/v1/review/{eventId}/unlink")
    public ResponseEntity<?> unlink(@PathVariable String eventId, @RequestBody LinkRequest request,
                                    @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        return act(eventId, lead -> links.unlink(lead, request.reason(), AuditLog.Actor.api(client.name())));
    }

    @PostMapping("/api/v1/review/{eventId}/link")
    public ResponseEntity<?> link(@PathVariable String eventId, @RequestBody LinkRequest request,
                                  @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        return act(eventId, lead -> links.link(lead, request.other(), request.reason(), AuditLog.Actor.api(client.name())));
    }

    private ResponseEntity<?> act(String eventId, Consumer<LeadRecord> action) {
        try {
            LeadRecord lead = ledger.findByEventId(eventId).orElseThrow(() -> new Assignments.Refused(404, "no lead " + eventId));
            action.accept(lead);
            return ResponseEntity.ok(views.detail(ledger.findById(lead.id()).orElseThrow()));
        } catch (Assignments.Refused refused) {
            return Problems.response(Problems.problem(refused.status, refused.status == 404 ? "Not found" : "Not allowed now",
                    refused.getMessage()));
        }
    }
}
