package io.leadbridge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.SharedSamples;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** Test leads made from the shared samples, each with a fresh eventId so tests never collide. */
public final class Leads {

    private static final List<JsonNode> SAMPLES = SharedSamples.leads();
    private static final List<JsonNode> EXPECTED = SharedSamples.expectedDecisions();

    private Leads() {
    }

    /** A copy of the first sample whose expected decision matches, with a new eventId. */
    public static ObjectNode sample(Predicate<JsonNode> expected) {
        for (int i = 0; i < SAMPLES.size(); i++) {
            if (expected.test(EXPECTED.get(i))) {
                return fresh(SAMPLES.get(i));
            }
        }
        throw new IllegalArgumentException("no sample matches");
    }

    public static ObjectNode routedTo(String dept) {
        return sample(e -> "ROUTED".equals(e.path("decision").asText()) && dept.equals(e.path("department").asText())
                && "UNRECTIFIED".equals(SAMPLES.get(EXPECTED.indexOf(e)).path("villageDisposal").path("status").asText()));
    }

    public static ObjectNode disputed(String reason) {
        return sample(e -> reason.equals(e.path("reason").asText())
                && "UNRECTIFIED".equals(SAMPLES.get(EXPECTED.indexOf(e)).path("villageDisposal").path("status").asText()));
    }

    public static ObjectNode fresh(JsonNode sample) {
        ObjectNode lead = sample.deepCopy();
        String id = UUID.randomUUID().toString();
        lead.put("eventId", "T-" + id);
        return anotherPlace(lead, id.substring(0, 8));
    }

    /**
     * The lead made a report of a business of its own: its address gets a suffix. Without it a fresh copy of a sample
     * is the sample's business at the sample's place reported again, which the same-business check merges into the
     * first copy's case.
     */
    public static ObjectNode anotherPlace(ObjectNode lead, String suffix) {
        if (lead.path("subject").path("address").isTextual()) {
            ((ObjectNode) lead.get("subject")).put("address", lead.get("subject").get("address").asText() + "-" + suffix);
        }
        return lead;
    }
}
