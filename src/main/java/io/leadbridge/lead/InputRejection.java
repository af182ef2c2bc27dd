package io.leadbridge.lead;

import java.util.List;

/** Why an input cannot be a lead: the HTTP status it earns and every problem found. */
public record InputRejection(int status, String title, List<FieldProblem> problems) {

    public static InputRejection badRequest(String title, List<FieldProblem> problems) {
        return new InputRejection(400, title, problems);
    }

    public static InputRejection of(int status, String title, String field, String problem) {
        return new InputRejection(status, title, List.of(new FieldProblem(field, problem)));
    }
}
