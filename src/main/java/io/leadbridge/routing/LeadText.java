package io.leadbridge.routing;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of a lead the router reads: the three matched fields and the licence state. */
public record LeadText(String subjectName, String businessScope, String description, String licenseState) {

    public static LeadText of(JsonNode lead) {
        return new LeadText(lead.path("subject").path("name").asText(""),
                lead.path("businessScope").asText(""),
                lead.path("description").asText(""),
                lead.path("licenseState").asText("UNKNOWN"));
    }
}
