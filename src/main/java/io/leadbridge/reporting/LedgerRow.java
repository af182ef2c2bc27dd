package io.leadbridge.reporting;

import java.time.OffsetDateTime;

/** What the figures read of one lead. */
public record LedgerRow(long id, String ref, String state, String townCode, String deptCode, String hazard, String decision,
                        String reason, String reviewFlag, String caseNo, String industry, String inspectorId,
                        OffsetDateTime receivedAt, OffsetDateTime dispatchedAt, OffsetDateTime deadlineAccept,
                        OffsetDateTime deadlineFinish, OffsetDateTime acceptedAt, OffsetDateTime closedAt, String outcome,
                        String firstMode, boolean repeat) {
}
