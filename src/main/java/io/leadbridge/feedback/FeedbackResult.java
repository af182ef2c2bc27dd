package io.leadbridge.feedback;

import io.leadbridge.lead.FieldProblem;

import java.util.List;

/** What became of one feedback: applied, a duplicate, or refused (status, title, problems). */
public record FeedbackResult(int status, String outcome, String caseNo, String state, String title,
                             List<FieldProblem> problems) {

    public static FeedbackResult applied(String caseNo, String state) {
        return new FeedbackResult(200, "APPLIED", caseNo, state, null, List.of());
    }

    public static FeedbackResult duplicate(String caseNo, String state) {
        return new FeedbackResult(200, "DUPLICATE", caseNo, state, null, List.of());
    }

    public static FeedbackResult refused(int status, String title, String caseNo, List<FieldProblem> problems) {
        return new FeedbackResult(status, "REFUSED", caseNo, null, title, problems);
    }

    public static FeedbackResult refused(int status, String title, String caseNo, String field, String problem) {
        return refused(status, title, caseNo, List.of(new FieldProblem(field, problem)));
    }

    public boolean isRefused() {
        return status >= 400;
    }
}
