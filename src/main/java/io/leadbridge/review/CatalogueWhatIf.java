package io.leadbridge.review;

import io.leadbridge.audit.AuditLog;
import io.leadbridge.lead.Lead;
import io.leadbridge.ledger.Detail;
import io.leadbridge.triage.LeadEvaluation;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.routing.Catalogue;
import io.leadbridge.routing.CatalogueStore;
import io.leadbridge.routing.LeadText;
import io.leadbridge.routing.Router;
import io.leadbridge.routing.RoutingDecision;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a candidate catalogue would do to the leads the router could not decide, and applying it:
 * how a coordinator's new term clears a backlog. Only leads DISPUTED by the router (NO_MATCH,
 * CONFLICT, NO_PERMIT_RULE) are looked at; a dispute a person raised is not the router's to undo.
 */
@Component
public class CatalogueWhatIf {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueWhatIf.class);
    static final List<String> ROUTER_REASONS = List.of("NO_MATCH", "CONFLICT", "NO_PERMIT_RULE");
    static final int LISTED = 1000;

    /** What the candidate decides for one disputed lead. */
    public record Change(String eventId, String townCode, String reasonBefore, String decision, String department,
                         String reason, List<String> candidates, String hazard) {
    }

    /** Counts by outcome (ROUTED or the reason it stays disputed), by department routed to, and the leads. */
    public record Report(String candidateVersion, int disputed, Map<String, Integer> outcomes,
                         Map<String, Integer> routedTo, List<Change> leads, boolean listTruncated) {
    }

    private final LeadLedger ledger;
    private final Router router;
    private final CatalogueStore catalogues;
    private final LeadEvaluation evaluation;
    private final ProducerTemplate producer;
    private final TransactionTemplate transaction;
    private final AuditLog audit;

    public CatalogueWhatIf(LeadLedger ledger, Router router, CatalogueStore catalogues, LeadEvaluation evaluation,
                           ProducerTemplate producer, PlatformTransactionManager transactions, AuditLog audit) {
        this.audit = audit;
        this.ledger = ledger;
        this.router = router;
        this.catalogues = catalogues;
        this.evaluation = evaluation;
        this.producer = producer;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Nothing changes: the decisions the candidate would make. */
    public Report preview(Catalogue candidate) {
        Tally tally = new Tally(candidate.version());
        for (long id : ledger.idsInState(LeadState.DISPUTED, ROUTER_REASONS)) {
            ledger.findById(id).ifPresent(lead -> tally.add(lead, router.decide(LeadText.of(payload(lead)), candidate)));
        }
        return tally.report();
    }

    /**
     * Puts the candidate in use, then routes every router-disputed lead again, each in its own transaction; in the
     * audit as the actor's (the API's client or the console's user).
     */
    public Report apply(String fileName, byte[] content, AuditLog.Actor by) {
        String before = catalogues.current().version();
        String actor = by.name();
        Catalogue installed = catalogues.install(fileName, content, CatalogueStore.WHAT_IF, actor);
        Tally tally = new Tally(installed.version());
        for (long id : ledger.idsInState(LeadState.DISPUTED, ROUTER_REASONS)) {
            String key = transaction.execute(tx -> reroute(id, installed.version(), actor, tally));
            if (key != null) {
                producer.sendBody("direct:dispatch-enqueue", key);
            }
        }
        Report report = tally.report();
        LOG.info("catalogue {} applied by {}: {} disputed lead(s) routed again: {}", installed.version(), actor,
                report.disputed(), report.outcomes());
        audit.record(by, "CATALOGUE_WHAT_IF_APPLY", null, report.disputed() + " disputed lead(s) routed again: " + report.outcomes(),
                before, installed.version());
        return report;
    }

    private String reroute(long id, String version, String actor, Tally tally) {
        LeadRecord lead = ledger.lockById(id).orElse(null);
        if (lead == null || lead.state() != LeadState.DISPUTED || !ROUTER_REASONS.contains(lead.reason())) {
            return null; // changed meanwhile (a new version, a person's action)
        }
        ledger.appendHistory(id, "catalogue:" + actor, "REROUTED", LeadState.DISPUTED, Detail.of("REROUTED",
                "routed again on catalogue " + version + " (was " + lead.reason() + " on " + lead.catalogueVersion() + ")",
                version, Detail.named("cause", lead.reason()), lead.catalogueVersion()));
        LeadEvaluation.Evaluation result = evaluation.evaluate(id, payload(lead), lead.receivedAt(), "catalogue:" + actor);
        tally.add(lead, result.decision());
        return result.dispatchKey();
    }

    private static Lead payload(LeadRecord lead) {
        return Lead.parse(lead.payload());
    }

    /** Counts as it goes; lists the first LISTED leads. */
    private static final class Tally {
        private final String version;
        private final Map<String, Integer> outcomes = new TreeMap<>();
        private final Map<String, Integer> routedTo = new TreeMap<>();
        private final List<Change> leads = new ArrayList<>();
        private int disputed;

        Tally(String version) {
            this.version = version;
        }

        void add(LeadRecord lead, RoutingDecision decision) {
            disputed++;
            String outcome = decision == null ? "HELD" : decision.routed() ? "ROUTED" : decision.reason().name();
            outcomes.merge(outcome, 1, Integer::sum);
            if (decision != null && decision.routed()) {
                routedTo.merge(decision.department(), 1, Integer::sum);
            }
            if (leads.size() < LISTED) {
                leads.add(decision == null
                        ? new Change(lead.eventId(), lead.townCode(), lead.reason(), "HELD", null, null, List.of(), null)
                        : new Change(lead.eventId(), lead.townCode(), lead.reason(), decision.decision().name(),
                        decision.department(), decision.reason().name(), decision.candidates(), decision.hazard()));
            }
        }

        Report report() {
            return new Report(version, disputed, new LinkedHashMap<>(outcomes), new LinkedHashMap<>(routedTo),
                    List.copyOf(leads), disputed > leads.size());
        }
    }
}
