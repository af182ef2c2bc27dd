package io.leadbridge.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadbridge.ledger.Detail;

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

    /** The decision as a sentence (the timeline's and the lead page's: detail.ROUTED, ROUTED_MAJOR, DISPUTED, DISPUTED_AMONG). */
    public Detail said(String english) {
        if (routed()) {
            return Detail.of(major() ? "ROUTED_MAJOR" : "ROUTED", english, Detail.dept(department), Detail.named("cause", reason));
        }
        return candidates == null || candidates.isEmpty() ? Detail.of("DISPUTED", english, Detail.named("cause", reason))
                : Detail.of("DISPUTED_AMONG", english, Detail.named("cause", reason), Detail.depts(candidates));
    }
}
