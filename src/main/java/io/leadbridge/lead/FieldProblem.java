package io.leadbridge.lead;

/** One thing wrong with an input: the field (a JSON path, or "body") and the problem. */
public record FieldProblem(String field, String problem) {
}
