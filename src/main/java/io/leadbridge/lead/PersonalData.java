package io.leadbridge.lead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Masks ID numbers and phone numbers, for logs and for readers not entitled to them. */
public final class PersonalData {

    private PersonalData() {
    }

    /** Keeps the first three and last four characters: 441***********2103, 138****5678. */
    public static String mask(String value) {
        if (value == null || value.length() <= 7) {
            return value == null ? null : "*".repeat(value.length());
        }
        return value.substring(0, 3) + "*".repeat(value.length() - 7) + value.substring(value.length() - 4);
    }

    private static final java.util.regex.Pattern LONG_NUMBER = java.util.regex.Pattern.compile("\\d{11,}[\\dXx]?");

    /**
     * A text fit for a log line: every run of 11 or more digits (a phone, an ID number) masked, since
     * error messages quote the input they choke on.
     */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        return LONG_NUMBER.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(mask(m.group())));
    }

    /** A copy of a lead with its personal data masked. */
    public static JsonNode maskLead(JsonNode lead) {
        if (lead == null || !lead.isObject()) {
            return lead;
        }
        ObjectNode copy = lead.deepCopy();
        maskField(copy.path("subject"), "operatorIdNumber");
        maskField(copy.path("subject"), "operatorPhone");
        maskField(copy.path("inspector"), "phone");
        return copy;
    }

    /** A copy of a case with its personal data masked. */
    public static JsonNode maskCase(JsonNode collaborativeCase) {
        if (collaborativeCase == null || !collaborativeCase.isObject()) {
            return collaborativeCase;
        }
        ObjectNode copy = collaborativeCase.deepCopy();
        maskField(copy, "operator_id_no");
        maskField(copy, "operator_phone");
        return copy;
    }

    private static void maskField(JsonNode parent, String field) {
        if (parent instanceof ObjectNode object && object.path(field).isTextual()) {
            object.put(field, mask(object.get(field).asText()));
        }
    }
}
