package io.leadbridge.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.contracts.ContractSchema;
import io.leadbridge.reference.Towns;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** A lead against smart-grid-lead.schema.json, and its town against the towns table. */
@Component
public class LeadValidator {

    private final ContractSchema schema = ContractSchema.load(ContractSchema.LEAD);
    private final Towns towns;

    public LeadValidator(Towns towns) {
        this.towns = towns;
    }

    public List<FieldProblem> validate(JsonNode lead) {
        List<FieldProblem> problems = new ArrayList<>(schema.validate(lead));
        JsonNode town = lead.path("grid").path("townCode");
        if (town.isTextual() && town.asText().matches("[0-9]{9}") && !towns.contains(town.asText())) {
            problems.add(new FieldProblem("grid.townCode", "town code " + town.asText() + " is not in the towns table"));
        }
        return problems;
    }
}
