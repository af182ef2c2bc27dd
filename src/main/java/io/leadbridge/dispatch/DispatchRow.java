package io.leadbridge.dispatch;

/**
 * One delivery in the outbox: a case to a department, or a notice about it ({@code key.kind()} URGE or
 * ADDENDUM); {@code body} is what the department gets (the case JSON, or the notice JSON).
 */
public record DispatchRow(DispatchKey key, long leadId, String deptCode, String status, int attempts, String body) {

    public String caseNo() {
        return key.caseNo();
    }

    public int dispatchSeq() {
        return key.dispatchSeq();
    }

    public String idempotencyKey() {
        return key.toString();
    }
}
