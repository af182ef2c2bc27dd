package io.leadbridge.dispatch;

/** A dispatch in the outbox: one delivery of a case to a department. */
public record DispatchRow(String caseNo, int dispatchSeq, long leadId, String deptCode, String status,
                          int attempts, String caseJson) {

    public String idempotencyKey() {
        return DispatchKey.of(caseNo, dispatchSeq);
    }
}
