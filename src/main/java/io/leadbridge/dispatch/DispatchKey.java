package io.leadbridge.dispatch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What goes to a department, by the Idempotency-Key it sees, which is also the outbox's key:
 * {@code <case_no>-<dispatch_seq>} for a case, {@code <case_no>-<dispatch_seq>-<kind>-<n>} for the
 * n-th notice of a kind (URGE, ADDENDUM) about that dispatch (contracts README, "Notices to a department").
 */
public record DispatchKey(String caseNo, int dispatchSeq, String kind, int noticeNo) {

    /** A dispatch's MessageKind. */
    public static final String CASE = "CASE";
    private static final Pattern NOTICE = Pattern.compile("(.+)-(\\d+)-([A-Z]+)-(\\d+)");
    private static final Pattern DISPATCH = Pattern.compile("(.+)-(\\d+)");

    public static String of(String caseNo, int dispatchSeq) {
        return caseNo + "-" + dispatchSeq;
    }

    public static String notice(String caseNo, int dispatchSeq, String kind, int noticeNo) {
        return of(caseNo, dispatchSeq) + "-" + kind + "-" + noticeNo;
    }

    public static DispatchKey parse(String key) {
        Matcher notice = NOTICE.matcher(key);
        if (notice.matches()) {
            return new DispatchKey(notice.group(1), Integer.parseInt(notice.group(2)), notice.group(3), Integer.parseInt(notice.group(4)));
        }
        Matcher dispatch = DISPATCH.matcher(key);
        if (!dispatch.matches()) {
            throw new IllegalArgumentException("not a dispatch key: " + key);
        }
        return new DispatchKey(dispatch.group(1), Integer.parseInt(dispatch.group(2)), CASE, 0);
    }

    public static String caseNo(String key) {
        return parse(key).caseNo();
    }

    public static int dispatchSeq(String key) {
        return parse(key).dispatchSeq();
    }

    public boolean isNotice() {
        return !CASE.equals(kind);
    }

    @Override
    public String toString() {
        return isNotice() ? notice(caseNo, dispatchSeq, kind, noticeNo) : of(caseNo, dispatchSeq);
    }
}
