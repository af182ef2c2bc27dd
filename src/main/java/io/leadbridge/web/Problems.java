package io.leadbridge.web;

import io.leadbridge.lead.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

/** RFC 9457 problem+json answers, with the fields and problems of a bad input under "errors". */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    public static final String PROBLEM_JSON_VALUE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private Problems() {
    }

    public static ProblemDetail problem(int status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail problem(int status, String title, List<FieldProblem> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.problem()).reduce((a, b) -> a + "; " + b).orElse(title);
        ProblemDetail problem = problem(status, title, detail);
        problem.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "problem", e.problem())).toList());
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(PROBLEM_JSON).body(problem);
    }
}
