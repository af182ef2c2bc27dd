package io.leadbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.lead.Lead;
import io.leadbridge.lead.PersonalData;
import io.leadbridge.ledger.HistoryEntry;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.reference.Departments;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything the lead page shows, gathered and masked for the viewer. */
@Component
public class LeadPage {

    /** A matched field of the lead, with its matched terms marked. */
    public record Field(String name, List<Highlighter.Segment> segments) {
    }

    /** The page's model. */
    public record View(LeadRecord lead, JsonNode payload, String payloadText, JsonNode sentCase, JsonNode routing,
                       List<Field> fields, List<String> candidates, String suggestedDept, List<String> departmentChoices,
                       List<DispatchOutbox.DeliveryAttempt> deliveries, List<HistoryEntry> notes, List<HistoryEntry> timeline,
                       String claimedBy, List<LeadLinks.Related> related, List<String> comparedFields, List<Side> sides,
                       List<Photos.Photo> photos, io.leadbridge.ledger.Detail decision) {
    }

    /** One report in the side-by-side view of a lead and the reports it is linked to: its ref and the compared fields. */
    public record Side(String ref, Map<String, String> values) {
    }

    /** The fields that tell one business at one place, compared side by side (JSON pointers into the lead). */
    static final List<String> COMPARED = List.of("/subject/name", "/subject/operatorName", "/subject/operatorPhone",
            "/subject/operatorIdNumber", "/subject/address", "/subject/location", "/grid/townName", "/reportedAt", "/inspector/name");

    private final LeadLedger ledger;
    private final DispatchOutbox outbox;
    private final Departments departments;
    private final ObjectMapper json;
    private final LeadLinks links;
    private final Photos photos;

    public LeadPage(LeadLedger ledger, DispatchOutbox outbox, Departments departments, ObjectMapper json, LeadLinks links,
                    Photos photos) {
        this.photos = photos;
        this.links = links;
        this.ledger = ledger;
        this.outbox = outbox;
        this.departments = departments;
        this.json = json;
    }

    public View view(LeadRecord lead, Viewer viewer) {
        JsonNode payload = lead.state().name().equals("INVALID") ? null : read(lead.payload());
        if (payload != null && !viewer.seesPersonalData()) {
            payload = PersonalData.maskLead(payload);
        }
        JsonNode sentCase = lead.caseNo() == null ? null
                : outbox.caseJson(lead.caseNo(), lead.dispatchSeq()).map(this::read).orElse(null);
        if (sentCase != null && !viewer.seesPersonalData()) {
            sentCase = PersonalData.maskCase(sentCase);
        }
        JsonNode routing = read(lead.routing());
        List<String> candidates = lead.candidates() == null || lead.candidates().isBlank() ? List.of()
                : Arrays.asList(lead.candidates().split(","));
        String suggested = lead.progress().suggestedDept();
        Set<String> choices = new LinkedHashSet<>(candidates);
        if (suggested != null) {
            choices.add(suggested);
        }
        choices.addAll(departments.codes());
        String payloadText = payload == null ? lead.payload() : pretty(payload);
        List<LeadLinks.Related> related = links.related(lead.id());
        return new View(lead, payload, payloadText, sentCase, routing, fields(payload, routing), candidates, suggested,
                new ArrayList<>(choices), lead.caseNo() == null ? List.of() : outbox.attempts(lead.caseNo()),
                ledger.notes(lead.id()), ledger.history(lead.id()), ledger.claimedBy(lead.id()).orElse(null),
                related, COMPARED, sides(lead.ref(), payload, related, viewer), photos.of(attachments(payload)), decision(routing));
    }

    /** The router's decision as a sentence; none when the lead has none, or it no longer reads as one. */
    private io.leadbridge.ledger.Detail decision(JsonNode routing) {
        try {
            return routing == null ? null : json.treeToValue(routing, io.leadbridge.routing.RoutingDecision.class).said(null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    /** The lead's attachments, typed; none for an input that is not a lead. */
    private static List<Lead.Attachment> attachments(JsonNode payload) {
        try {
            return payload == null ? List.of() : Lead.of(payload).attachments();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** This lead and each report it is linked to, side by side (masked as the viewer must see them). */
    private List<Side> sides(String ref, JsonNode payload, List<LeadLinks.Related> related, Viewer viewer) {
        if (related.isEmpty() || payload == null) {
            return List.of();
        }
        List<Side> sides = new ArrayList<>();
        sides.add(side(ref, payload));
        for (LeadLinks.Related r : related) {
            ledger.findByEventId(r.eventId()).map(other -> read(other.payload())).ifPresent(other ->
                    sides.add(side(r.eventId(), viewer.seesPersonalData() ? other : PersonalData.maskLead(other))));
        }
        return sides;
    }

    private static Side side(String ref, JsonNode lead) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : COMPARED) {
            JsonNode value = lead.at(field);
            values.put(field, value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString());
        }
        return new Side(ref, values);
    }

    private static List<Field> fields(JsonNode payload, JsonNode routing) {
        if (payload == null) {
            return List.of();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("subject.name", payload.path("subject").path("name").asText(""));
        texts.put("businessScope", payload.path("businessScope").asText(""));
        texts.put("description", payload.path("description").asText(""));
        List<Field> fields = new ArrayList<>();
        texts.forEach((name, text) -> {
            List<Highlighter.Range> ranges = new ArrayList<>();
            if (routing != null) {
                for (JsonNode m : routing.path("matches")) {
                    if (name.equals(m.path("field").asText())) {
                        ranges.add(new Highlighter.Range(m.path("start").asInt(), m.path("end").asInt()));
                    }
                }
            }
            fields.add(new Field(name, Highlighter.mark(text, ranges)));
        });
        return fields;
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    private JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
