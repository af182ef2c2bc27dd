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

import java.util.function.UnaryOperator;

/**
 * What ops do to a lead on the review list (ops key), each answering the lead as it is after:
 * POST /api/v1/review/{eventId}/assign {"deptCode", "reason"}: a MANUAL dispatch;
 * POST /api/v1/review/{eventId}/urge {"note", "deadline"}: 督办, an URGE notice to the department that holds the case;
 * POST /api/v1/review/{eventId}/unlink {"reason"} and /link {"other": eventId, "reason"}: corrections of the
 * same-business check.
 */
@RestController
public class AssignApi {

    /** The body of an assignment. */
    public record AssignRequest(String deptCode, String reason) {
    }

    /** The body of an urge (督办): what the department is to do, and optionally a new deadline (a date). */
    public record UrgeRequest(String note, java.time.LocalDate deadline) {
    }

    /** The body of an unlink ({@code other} unused) or a link. */
    public record LinkRequest(String other, String reason) {
    }

    private final ReviewActions actions;
    private final BusinessLinks links;
    private final LeadLedger ledger;
    private final LeadViews views;

    public AssignApi(ReviewActions actions, BusinessLinks links, LeadLedger ledger, LeadViews views) {
        this.actions = actions;
        this.links = links;
        this.ledger = ledger;
        this.views = views;
    }

    @PostMapping("/api/v1/review/{eventId}/assign")
    public ResponseEntity<?> assign(@PathVariable String eventId, @RequestBody AssignRequest request,
                                    @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        return act(eventId, lead -> actions.assign(lead, request.deptCode(), request.reason(), AuditLog.Actor.api(client.name())));
    }

    /** 督办: an URGE notice to the department that holds the case. */
    @PostMapping("/api/v1/review/{eventId}/urge")
    public ResponseEntity<?> urge(@PathVariable String eventId, @RequestBody UrgeRequest request,
                                  @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        return actThenRead(eventId, lead -> actions.urge(lead, request.note(), request.deadline(), AuditLog.Actor.api(client.name())));
    }

    @PostMapping("/api/v1/review/{eventId}/unlink")
    public ResponseEntity<?> unlink(@PathVariable String eventId, @RequestBody LinkRequest request,
                                    @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        return actThenRead(eventId, lead -> links.unlink(lead, request.reason(), AuditLog.Actor.api(client.name())));
    }

    @PostMapping("/api/v1/review/{eventId}/link")
    public ResponseEntity<?> link(@PathVariable String eventId, @RequestBody LinkRequest request,
                                  @RequestAttribute(ApiClient.REQUEST_ATTRIBUTE) ApiClient client) {
        return actThenRead(eventId, lead -> links.link(lead, request.other(), request.reason(), AuditLog.Actor.api(client.name())));
    }

    /** {@link #act} for an action that answers nothing: the lead is read again after it. */
    private ResponseEntity<?> actThenRead(String eventId, java.util.function.Consumer<LeadRecord> action) {
        return act(eventId, lead -> {
            action.accept(lead);
            return ledger.findById(lead.id()).orElseThrow();
        });
    }

    /** The lead by its eventId (404 if none), the action, and the lead after it; a refusal as problem+json. */
    private ResponseEntity<?> act(String eventId, UnaryOperator<LeadRecord> action) {
        try {
            LeadRecord lead = ledger.findByEventId(eventId).orElseThrow(() -> new Assignments.Refused(404, "noLead", "no lead " + eventId, eventId));
            return ResponseEntity.ok(views.detail(action.apply(lead)));
        } catch (Assignments.Refused refused) {
            return Problems.response(Problems.problem(refused.status, refused.status == 404 ? "Not found" : "Not allowed now",
                    refused.getMessage()));
        }
    }
}
