package io.leadbridge.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.SharedSamples;

import java.util.ArrayList;
import java.util.List;

/**
 * Generated leads: the shared samples that a village team could not rectify and that route to a
 * department, each with an eventId of its own ("LOAD{run}-{n}"), so every one of them makes a case.
 */
final class LeadSource {

    private final List<JsonNode> routed = new ArrayList<>();

    LeadSource() {
        List<JsonNode> samples = SharedSamples.leads();
        List<JsonNode> expected = SharedSamples.expectedDecisions();
        for (int i = 0; i < samples.size(); i++) {
            if ("ROUTED".equals(expected.get(i).path("decision").asText())
                    && "UNRECTIFIED".equals(samples.get(i).path("villageDisposal").path("status").asText())) {
                routed.add(samples.get(i));
            }
        }
    }

    static String eventId(int run, long n) {
        return String.format("LOAD%d-%08d", run, n);
    }

    /** The JSON of lead n of a run. */
    String lead(int run, long n) {
        ObjectNode lead = routed.get((int) (n % routed.size())).deepCopy();
        lead.put("eventId", eventId(run, n));
        return io.leadbridge.support.Leads.anotherPlace(lead, run + "-" + n).toString();
    }
}
