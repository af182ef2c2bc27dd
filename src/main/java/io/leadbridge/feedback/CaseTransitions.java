package io.leadbridge.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.casefile.CaseBuilder;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.config.ClockConfig;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.sla.SlaClock;
import io.leadbridge.status.StatusOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The case state machine after dispatch: DISPATCHED → ACCEPTED (签收) → IN_PROGRESS* → CLOSED with
 * an outcome; an OBJECTION (异议) from any open state sends the case back to its town as DISPUTED.
 * A case still ROUTED (delivered, but the bridge has not noted it yet) counts as DISPATCHED.
 */
@Component
public class CaseTransitions {

    public static final String FLAG_BOUNCED = "BOUNCED";

    private static final Set<LeadState> DELIVERED = Set.of(LeadState.ROUTED, LeadState.DISPATCHED);
    private static final Set<LeadState> ACCEPTED = Set.of(LeadState.ACCEPTED, LeadState.IN_PROGRESS);
    private static final Map<String, Set<LeadState>> ALLOWED_FROM = Map.of(
            "ACCEPTED", DELIVERED,
            "PROGRESS", ACCEPTED,
            "CLOSED", ACCEPTED,
            "OBJECTION", Set.of(LeadState.ROUTED, LeadState.DISPATCHED, LeadState.ACCEPTED, LeadState.IN_PROGRESS));

    private final LeadLedger ledger;
    private final StatusOutbox status;
    private final SlaClock sla;
    private final Clock clock;
    private final MeterRegistry meters;
    private final int bounceLimit;
    private final LeadLinks links;

    public CaseTransitions(LeadLedger ledger, StatusOutbox status, SlaClock sla, Clock clock, MeterRegistry meters,
                           @Value("${bridge.feedback.bounce-limit:2}") int bounceLimit, LeadLinks links) {
        this.links = links;
        this.ledger = ledger;
        this.status = status;
        this.sla = sla;
        this.clock = clock;
        this.meters = meters;
        this.bounceLimit = bounceLimit;
    }

    /** Why this feedback may not be applied to the case now; null when it may. */
    public String refusal(LeadRecord lead, String type) {
        if (ALLOWED_FROM.get(type).contains(lead.state())) {
            return null;
        }
        String hint = switch (type) {
            case "CLOSED", "PROGRESS" -> lead.state() == LeadState.CLOSED ? "it is closed" : "accept it first";
            case "ACCEPTED" -> ACCEPTED.contains(lead.state()) ? "it is accepted already" : "it is not with a department";
            default -> "it is not with a department";
        };
        return "case " + lead.caseNo() + " is " + lead.state() + ": " + type + " is not allowed (" + hint + ")";
    }

    /** Applies the feedback; answers the new state. */
    public LeadState apply(LeadRecord lead, JsonNode feedback) {
        String type = feedback.get("type").asText();
        OffsetDateTime at = LocalDateTime.parse(feedback.get("at").asText(), io.leadbridge.config.ClockConfig.LOCAL_TIME)
                .atZone(ClockConfig.CITY_ZONE).toOffsetDateTime();
        String dept = lead.deptCode();
        String actor = "dept:" + dept;
        Detail detail = describe(feedback);
        switch (type) {
            case "ACCEPTED" -> {
                if (lead.state() == LeadState.ROUTED) {
                    status.record(lead.eventId(), lead.version(), "DISPATCHED", dept, lead.caseNo(), null, null);
                }
                ledger.accepted(lead.id(), at);
                ledger.appendHistory(lead.id(), actor, "ACCEPTED", LeadState.ACCEPTED, detail);
                status.record(lead.eventId(), lead.version(), "ACCEPTED", dept, lead.caseNo(), null, feedback.path("note").asText(null));
                toldToMerged(lead, "ACCEPTED", null);
                return LeadState.ACCEPTED;
            }
            case "PROGRESS" -> {
                ledger.setStateIf(lead.id(), lead.state(), LeadState.IN_PROGRESS);
                ledger.appendHistory(lead.id(), actor, "PROGRESS", LeadState.IN_PROGRESS, detail);
                return LeadState.IN_PROGRESS;
            }
            case "CLOSED" -> {
                String outcome = feedback.get("outcome").asText();
                ledger.closed(lead.id(), at, outcome);
                ledger.appendHistory(lead.id(), actor, "CLOSED", LeadState.CLOSED, detail);
                status.record(lead.eventId(), lead.version(), "CLOSED", dept, lead.caseNo(), outcome, feedback.path("note").asText(null));
                toldToMerged(lead, "CLOSED", outcome);
                return LeadState.CLOSED;
            }
            default -> {
                return objected(lead, feedback, actor, detail);
            }
        }
    }

    /** The reports merged into this case are told what happens to it, each under its own eventId. */
    private void toldToMerged(LeadRecord lead, String what, String outcome) {
        for (LeadLinks.Merged merged : links.mergedInto(lead.caseNo())) {
            status.record(merged.eventId(), merged.version(), what, lead.deptCode(), lead.caseNo(), outcome,
                    "merged into case " + lead.caseNo() + " of " + lead.eventId());
        }
    }

    private LeadState objected(LeadRecord lead, JsonNode feedback, String actor, Detail detail) {
        JsonNode objection = feedback.get("objection");
        int used = lead.progress().slaUsedDays() + (lead.progress().dispatchedAt() == null ? 0
                : sla.workingDaysRun(lead.progress().dispatchedAt(), OffsetDateTime.now(clock)));
        int count = lead.progress().objections() + 1;
        boolean bounced = count >= bounceLimit;
        ledger.objected(lead.id(), objection.get("reason_code").asText(), objection.path("note").asText(null),
                objection.path("suggested_dept").asText(null), used, bounced ? FLAG_BOUNCED : null);
        List<Object> args = new ArrayList<>(detail.args());
        args.add(count);
        args.add(used);
        ledger.appendHistory(lead.id(), actor, "OBJECTION", LeadState.DISPUTED, Detail.of(detail.code(), detail.english()
                + "; objection " + count + ", close clock stopped after " + used + " working day(s)", args.toArray()));
        if (bounced) {
            ledger.appendHistory(lead.id(), "bridge", FLAG_BOUNCED, LeadState.DISPUTED, Detail.of(FLAG_BOUNCED,
                    "objected to " + count + " times: for the city office (反复退回)", count));
            meters.counter("bridge.feedback.bounced").increment();
        }
        status.record(lead.eventId(), lead.version(), "DISPUTED", lead.deptCode(), lead.caseNo(), null,
                "OBJECTION " + objection.get("reason_code").asText());
        return LeadState.DISPUTED;
    }

    /**
     * The feedback in the timeline: the English as before, and for the console {@code detail.FEEDBACK} (when, handler,
     * note), {@code detail.FEEDBACK_CLOSED} (and the outcome) or {@code detail.FEEDBACK_OBJECTION} (and the reason, the
     * department suggested; the objection's count and the days used follow).
     */
    private static Detail describe(JsonNode feedback) {
        StringBuilder d = new StringBuilder(feedback.get("type").asText()).append(" at ").append(feedback.get("at").asText());
        String code = "FEEDBACK";
        JsonNode objection = feedback.path("objection");
        String note = feedback.path("note").asText(objection.path("note").asText(""));
        List<Object> args = new ArrayList<>(List.of(feedback.get("at").asText(),
                Detail.part("handler", feedback.path("handler").asText("")), Detail.part("note", note)));
        if (feedback.hasNonNull("outcome")) {
            d.append(", outcome ").append(feedback.get("outcome").asText());
            if (!objection.isObject()) {
                code = "FEEDBACK_CLOSED";
                args.add(Detail.named("outcome", feedback.get("outcome").asText()));
            }
        }
        if (objection.isObject()) {
            d.append(", reason ").append(objection.path("reason_code").asText());
            if (objection.hasNonNull("suggested_dept")) {
                d.append(", suggests ").append(objection.get("suggested_dept").asText());
            }
            code = "FEEDBACK_OBJECTION";
            args.add(Detail.named("objection", objection.path("reason_code").asText()));
            args.add(Detail.dept(objection.path("suggested_dept").asText("")));
        }
        if (feedback.hasNonNull("handler")) {
            d.append(", handler ").append(feedback.get("handler").asText());
        }
        if (!note.isEmpty()) {
            d.append(": ").append(note);
        }
        return Detail.of(code, d.toString(), args.toArray());
    }
}
