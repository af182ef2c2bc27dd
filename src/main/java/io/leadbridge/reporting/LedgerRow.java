package io.leadbridge.reporting;

import java.time.OffsetDateTime;

/**
 * What the figures read of one lead. {@code urged}: its case was urged (督办); {@code urgedUntil}: the deadline of the last
 * urge (the new one it set, else the case's own close deadline).
 */
public record LedgerRow(long id, String ref, String state, String townCode, String deptCode, String hazard, String decision,
                        String reason, String reviewFlag, String caseNo, String industry, String inspectorId,
                        OffsetDateTime receivedAt, OffsetDateTime dispatchedAt, OffsetDateTime deadlineAccept,
                        OffsetDateTime deadlineFinish, OffsetDateTime acceptedAt, OffsetDateTime closedAt, String outcome,
                        String firstMode, boolean repeat, boolean urged, OffsetDateTime urgedUntil) {
}
