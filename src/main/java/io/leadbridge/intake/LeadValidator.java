package io.leadbridge.intake;

import io.leadbridge.lead.FieldProblem;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.contracts.ContractSchema;
import io.leadbridge.reference.Towns;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead against smart-grid-lead.schema.json, its town against the towns table, and what a schema
 * cannot say: every number finite (1e400 is not a longitude), the version within 2^63-1, and
 * reportedAt not more than a day ahead of the bridge's clock.
 */
@Component
public class LeadValidator {

    private final ContractSchema schema = ContractSchema.load(ContractSchema.LEAD);
    private final Towns towns;
    private final Clock clock;

    public LeadValidator(Towns towns, Clock clock) {
        this.towns = towns;
        this.clock = clock;
    }

    public List<FieldProblem> validate(JsonNode lead) {
        List<FieldProblem> problems = new ArrayList<>();
        numbers(lead, "", problems);
        JsonNode version = lead.path("version");
        if (version.isIntegralNumber() && !version.canConvertToLong()) {
            problems.add(new FieldProblem("version", "must be at most 2^63-1 (9223372036854775807), was " + version.asText()));
        }
        for (FieldProblem p : schema.validate(lead)) {
            if (problems.stream().noneMatch(known -> known.field().equals(p.field()))) {
                problems.add(p);
            }
        }
        JsonNode reportedAt = lead.path("reportedAt");
        if (reportedAt.isTextual()) {
            try {
                OffsetDateTime at = OffsetDateTime.parse(reportedAt.asText());
                OffsetDateTime limit = OffsetDateTime.now(clock).plusDays(1);
                if (at.isAfter(limit)) {
                    problems.add(new FieldProblem("reportedAt", "more than a day after the bridge's clock (" + limit.minusDays(1)
                            + "): " + reportedAt.asText()));
                }
            } catch (DateTimeParseException e) {
                // the schema's date-time format names it
            }
        }
        JsonNode town = lead.path("grid").path("townCode");
        if (town.isTextual() && town.asText().matches("[0-9]{9}") && !towns.contains(town.asText())) {
            problems.add(new FieldProblem("grid.townCode", "town code " + town.asText() + " is not in the towns table"));
        }
        return problems;
    }

    /** Numbers that are not finite (a JSON number too large for a double, as 1e400), named by their path. */
    private static void numbers(JsonNode node, String path, List<FieldProblem> problems) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
            problems.add(new FieldProblem(path.isEmpty() ? "(lead)" : path, "number out of range: " + node.asText()));
        } else if (node.isObject()) {
            node.properties().forEach(e -> numbers(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                numbers(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }
}
