package io.leadbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.intake.PersonalData;
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
                       String claimedBy, List<LeadLinks.Related> related) {
    }

    private final LeadLedger ledger;
    private final DispatchOutbox outbox;
    private final Departments departments;
    private final ObjectMapper json;
    private final LeadLinks links;

    public LeadPage(LeadLedger ledger, DispatchOutbox outbox, Departments departments, ObjectMapper json, LeadLinks links) {
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
        return new View(lead, payload, payloadText, sentCase, routing, fields(payload, routing), candidates, suggested,
                new ArrayList<>(choices), lead.caseNo() == null ? List.of() : outbox.attempts(lead.caseNo()),
                ledger.notes(lead.id()), ledger.history(lead.id()), ledger.claimedBy(lead.id()).orElse(null),
                links.related(lead.id()));
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
