package io.leadbridge.ledger;

import java.time.OffsetDateTime;

/** A row of the ledger. */
public record LeadRecord(
        long id,
        String eventId,
        Long version,
        LeadState state,
        String channel,
        String origin,
        String townCode,
        String deptCode,
        String caseNo,
        Integer dispatchSeq,
        String decision,
        String reason,
        String hazard,
        String candidates,
        String catalogueVersion,
        String reviewFlag,
        String payload,
        String routing,
        String errors,
        OffsetDateTime receivedAt,
        OffsetDateTime updatedAt,
        CaseProgress progress) {

    /** How the API and the review list name this record: the eventId, or invalid-{id} for an invalid record. */
    public String ref() {
        return state == LeadState.INVALID ? "invalid-" + id : eventId;
    }
}
