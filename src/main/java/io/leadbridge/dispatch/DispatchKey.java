package io.leadbridge.dispatch;

/** {@code <case_no>-<dispatch_seq>}: the Idempotency-Key a department sees, and the outbox's key. */
public final class DispatchKey {

    private DispatchKey() {
    }

    public static String of(String caseNo, int dispatchSeq) {
        return caseNo + "-" + dispatchSeq;
    }

    public static String caseNo(String key) {
        return key.substring(0, key.lastIndexOf('-'));
    }

    public static int dispatchSeq(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }
}
