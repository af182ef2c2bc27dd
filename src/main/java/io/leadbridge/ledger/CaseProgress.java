package io.leadbridge.ledger;

import java.time.OffsetDateTime;

/** A lead's case after dispatch: its clocks, the department's feedback, objections. */
public record CaseProgress(
        OffsetDateTime dispatchedAt,
        OffsetDateTime deadlineAccept,
        OffsetDateTime deadlineFinish,
        OffsetDateTime acceptedAt,
        OffsetDateTime closedAt,
        String outcome,
        int slaUsedDays,
        int objections,
        String objectionCode,
        String objectionNote,
        String suggestedDept,
        OffsetDateTime overdueAcceptAt,
        OffsetDateTime overdueCloseAt) {
}
