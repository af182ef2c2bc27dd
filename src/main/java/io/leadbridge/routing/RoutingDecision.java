package io.leadbridge.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The router's decision as data (routing-rules.md §4). {@code industry} is the entry whose
 * industry and permit the case names; it is not part of the §4 data.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RoutingDecision(
        Decision decision,
        String department,
        Reason reason,
        List<String> candidates,
        String hazard,
        List<Match> matches,
        String catalogueVersion,
        @JsonIgnore CatalogueEntry industry) {

    public enum Decision { ROUTED, DISPUTED }

    public enum Reason { PERMIT_NO_LICENSE, KEYWORD, CONFLICT, NO_PERMIT_RULE, GENERAL_INDUSTRY, NO_MATCH }

    @JsonIgnore
    public boolean routed() {
        return decision == Decision.ROUTED;
    }

    @JsonIgnore
    public boolean major() {
        return "MAJOR".equals(hazard);
    }
}
