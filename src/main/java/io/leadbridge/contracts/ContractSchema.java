package io.leadbridge.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.leadbridge.intake.FieldProblem;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One of the fixed JSON schemas of ../shared/contracts (bundled under contracts/ on the
 * classpath), checked with formats asserted, every problem named by its field.
 */
public final class ContractSchema {

    public static final String LEAD = "smart-grid-lead.schema.json";
    public static final String CASE = "collaborative-case.schema.json";
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

    private static FieldProblem problem(ValidationMessage message) {
        String path = message.getInstanceLocation().toString();
        String field = path.equals("$") ? "" : path.startsWith("$.") ? path.substring(2) : path;
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
            return new FieldProblem(field, "is required");
        }
        String error = message.getError() != null ? message.getError() : message.getMessage();
        return new FieldProblem(field.isEmpty() ? "body" : field, error);
    }
}
