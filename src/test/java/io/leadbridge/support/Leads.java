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
        lead.put("eventId", "T-" + UUID.randomUUID());
        return lead;
    }
}
