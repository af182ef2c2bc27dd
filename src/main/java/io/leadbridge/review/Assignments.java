package io.leadbridge.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.lead.Lead;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.casefile.CaseBuilder;
import io.leadbridge.casefile.CaseIssuer;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.reference.Departments;
import io.leadbridge.routing.Catalogue;
import io.leadbridge.routing.CatalogueEntry;
import io.leadbridge.routing.CatalogueStore;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A person assigns a lead the router or a department sent back: a MANUAL dispatch to the chosen
 * department. A lead that already has a case keeps its case_no and the dispatch_seq goes up.
 */
@Component
public class Assignments {

    /** Why an action cannot be taken: 404 or 409, with what to say (in English, and as a code for the console). */
    public static class Refused extends RuntimeException implements Explained {
        public final int status;
        private final Reason reason;

        Refused(int status, String code, String message, Object... args) {
            super(message);
            this.status = status;
            this.reason = new Reason(code, args);
        }

        @Override
        public Reason reason() {
            return reason;
        }
    }

    /** The states a lead is assigned from: waiting for a person, or its delivery failed. */
    public static final Set<LeadState> ASSIGNABLE = Set.of(LeadState.DISPUTED, LeadState.DELIVERY_FAILED);

    private final LeadLedger ledger;
    private final CaseIssuer issuer;
    private final Departments departments;
    private final CatalogueStore catalogues;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;

    public Assignments(LeadLedger ledger, CaseIssuer issuer, Departments departments, CatalogueStore catalogues,
                       ProducerTemplate producer, ObjectMapper json, PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.issuer = issuer;
        this.departments = departments;
        this.catalogues = catalogues;
        this.producer = producer;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Assigns and dispatches; answers the lead as it now is. */
    public LeadRecord assign(String eventId, String deptCode, String reason, String actor) {
        if (deptCode == null || !departments.contains(deptCode)) {
            throw new Explained.Invalid("dept", "deptCode: '" + deptCode + "' is not a department", String.valueOf(deptCode));
        }
        String key = transaction.execute(tx -> {
            LeadRecord lead = ledger.lockByEventId(eventId).orElseThrow(() -> new Refused(404, "noLead", "no lead " + eventId, eventId));
            if (!ASSIGNABLE.contains(lead.state())) {
                throw new Refused(409, "assignState", "lead " + eventId + " is " + lead.state()
                        + ": only a DISPUTED or DELIVERY_FAILED lead is assigned", eventId, Explained.state(lead.state()));
            }
            Lead payload = Lead.parse(lead.payload());
            ledger.appendHistory(lead.id(), actor, "ASSIGNED", lead.state(), Detail.of("ASSIGNED", "to " + deptCode
                    + (reason == null || reason.isBlank() ? "" : ": " + reason), Detail.dept(deptCode), Detail.part("note", reason)));
            int seq = lead.caseNo() == null ? 1 : lead.dispatchSeq() + 1;
            return issuer.issue(lead.id(), payload, manual(lead, deptCode), lead.receivedAt(), lead.caseNo(), seq,
                    lead.progress().slaUsedDays(), actor);
        });
        producer.sendBody("direct:dispatch-enqueue", key);
        return ledger.findByEventId(eventId).orElseThrow();
    }

    /** The department chosen, with the industry of a matched entry of that department when there is one. */
    private CaseBuilder.Assignment manual(LeadRecord lead, String deptCode) {
        Set<String> keywords = new LinkedHashSet<>();
        JsonNode routing = lead.routing() == null ? null : read(lead.routing());
        Catalogue catalogue = catalogues.current();
        CatalogueEntry industry = null;
        if (routing != null) {
            for (JsonNode match : routing.path("matches")) {
                keywords.add(match.path("keyword").asText());
                if (industry == null && deptCode.equals(match.path("deptCode").asText(null))) {
                    industry = entry(catalogue, match.path("keyword").asText()).orElse(null);
                }
            }
        }
        String hazard = lead.hazard() == null ? "NORMAL" : lead.hazard();
        String version = lead.catalogueVersion() == null ? catalogue.version() : lead.catalogueVersion();
        return new CaseBuilder.Assignment(deptCode, "MANUAL", hazard, industry, keywords, version);
    }

    private static Optional<CatalogueEntry> entry(Catalogue catalogue, String keyword) {
        return catalogue.entries().stream().filter(e -> e.keyword().equals(keyword)).findFirst();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
