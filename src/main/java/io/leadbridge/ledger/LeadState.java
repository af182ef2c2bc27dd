package io.leadbridge.ledger;

/** Where a lead stands. The timeline in lead_history records every change. */
public enum LeadState {
    /** Taken in, not yet evaluated (only ever seen inside the intake transaction or after a crash). */
    RECEIVED,
    /** Failed validation; kept with its raw payload and every error. */
    INVALID,
    /** Village status is not UNRECTIFIED: recorded, not routed (routing-rules.md §5). */
    HELD,
    /** The router could not decide; waits for the town's coordination office. */
    DISPUTED,
    /** Routed, its case made; delivery to the department under way. */
    ROUTED,
    /** The department's endpoint took the case. */
    DISPATCHED,
    /** Delivery failed for good (permanent error, or retries spent); waits for review. */
    DELIVERY_FAILED,
    /** The department signed for the case (签收). */
    ACCEPTED,
    /** The department reported progress. */
    IN_PROGRESS,
    /** The department closed the case with an outcome. */
    CLOSED,
    /** A person closed the lead without dispatch (a duplicate, not a business, out of scope...). */
    DISMISSED,
    /**
     * Another report of a business at a place whose case is open: no case of its own, merged into that one
     * (lead_link names it); Smart-Grid is told MERGED, then that case's ACCEPTED and CLOSED.
     */
    MERGED
}
