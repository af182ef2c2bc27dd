package io.leadbridge.routing;

import io.leadbridge.lead.Lead;

/** The parts of a lead the router reads: the three matched fields and the licence state. */
public record LeadText(String subjectName, String businessScope, String description, String licenseState) {

    public static LeadText of(Lead lead) {
        return new LeadText(text(lead.subject().name()), text(lead.businessScope()), text(lead.description()),
                lead.licenseState() == null ? "UNKNOWN" : lead.licenseState());
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
