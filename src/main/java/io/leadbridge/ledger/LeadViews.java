package io.leadbridge.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.dispatch.DispatchOutbox;
import io.leadbridge.lead.PersonalData;
import io.leadbridge.status.StatusOutbox;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's views of a lead: a summary for lists, the whole record with its timeline for one lead. */
@Component
public class LeadViews {

    private final ObjectMapper json;
    private final LeadLedger ledger;
    private final DispatchOutbox outbox;
    private final StatusOutbox status;
    private final LeadLinks links;

    public LeadViews(ObjectMapper json, LeadLedger ledger, DispatchOutbox outbox, StatusOutbox status, LeadLinks links) {
        this.links = links;
        this.status = status;
        this.json = json;
        this.ledger = ledger;
        this.outbox = outbox;
    }

    public Map<String, Object> summary(LeadRecord lead) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ref", lead.ref());
        view.put("eventId", lead.eventId());
        view.put("version", lead.version());
        view.put("state", lead.state());
        view.put("channel", lead.channel());
        view.put("townCode", lead.townCode());
        view.put("deptCode", lead.deptCode());
        view.put("caseNo", lead.caseNo());
        view.put("dispatchSeq", lead.dispatchSeq());
        view.put("decision", lead.decision());
        view.put("reason", lead.reason());
        view.put("candidates", lead.candidates() == null || lead.candidates().isEmpty()
                ? List.of() : Arrays.asList(lead.candidates().split(",")));
        view.put("hazard", lead.hazard());
        view.put("reviewFlag", lead.reviewFlag());
        view.put("outcome", lead.progress().outcome());
        view.put("objections", lead.progress().objections());
        view.put("overdue", lead.progress().overdueAcceptAt() != null || lead.progress().overdueCloseAt() != null);
        view.put("receivedAt", lead.receivedAt());
        view.put("updatedAt", lead.updatedAt());
        return view;
    }

    /** Everything about one lead; personal data masked. */
    public Map<String, Object> detail(LeadRecord lead) {
        Map<String, Object> view = summary(lead);
        view.put("origin", lead.origin());
        view.put("catalogueVersion", lead.catalogueVersion());
        view.put("routing", parse(lead.routing()));
        view.put("errors", parse(lead.errors()));
        JsonNode payload = lead.state() == LeadState.INVALID ? null : parse(lead.payload());
        view.put("lead", PersonalData.maskLead(payload));
        if (lead.state() == LeadState.INVALID) {
            view.put("raw", lead.payload());
        }
        view.put("case", lead.progress());
        view.put("deliveries", lead.caseNo() == null ? List.of() : outbox.attempts(lead.caseNo()));
        view.put("statusReports", lead.eventId() == null || lead.state() == LeadState.INVALID && lead.eventId().isEmpty()
                ? List.of() : status.forLead(lead.eventId()));
        view.put("related", links.related(lead.id()));
        view.put("timeline", ledger.history(lead.id()));
        return view;
    }

    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
