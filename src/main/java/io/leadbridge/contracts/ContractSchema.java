package io.leadbridge.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.leadbridge.lead.FieldProblem;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One of the fixed JSON schemas of ../shared/contracts (bundled under contracts/ on the
 * classpath), checked with formats asserted, every problem named by its field.
 */
public final class ContractSchema {

    public static final String LEAD = "smart-grid-lead.schema.json";
    public static final String FEEDBACK = "department-feedback.schema.json";

    private final JsonSchema schema;

    private ContractSchema(JsonSchema schema) {
        this.schema = schema;
    }

    public static ContractSchema load(String name) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .build();
        if (ContractSchema.class.getResource("/contracts/" + name) == null) {
            throw new IllegalStateException("contract schema missing from the classpath: " + name);
        }
        // Loaded by location, so the contracts' relative $id (e.g. "smart-grid-lead.v1") has a base to resolve against.
        return new ContractSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("classpath:contracts/" + name), config));
    }

    /** Every problem, sorted by field; empty when the document is valid. */
    public List<FieldProblem> validate(JsonNode document) {
        return schema.validate(document).stream()
                .map(ContractSchema::problem)
                .distinct()
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
    }

    /** A path as the API names fields: subject.address, attachments[0].url. */
    static String fieldName(JsonNodePath path) {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                field.append('[').append(index).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(element);
            }
        }
        return field.toString();
    }

    private static FieldProblem problem(ValidationMessage message) {
        String field = fieldName(message.getInstanceLocation());
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
            return new FieldProblem(field, "is required");
        }
        String error = message.getError() != null ? message.getError() : message.getMessage();
        return new FieldProblem(field.isEmpty() ? "body" : field, error);
    }
}
