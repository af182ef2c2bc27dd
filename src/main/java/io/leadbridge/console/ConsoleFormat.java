package io.leadbridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.casefile.CaseBuilder;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.reference.Towns;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/** Small formatting for the console's templates ({@code ${@consoleFormat...}}). */
@Component("consoleFormat")
public class ConsoleFormat {

    private final ObjectMapper json;
    private final Towns towns;
    private final Clock clock;
    private final io.leadbridge.ledger.LeadLedger ledger;

    private final io.leadbridge.sla.SlaClock sla;
    private final io.leadbridge.routing.CatalogueStore catalogue;
    private final io.leadbridge.reference.Departments departments;
    private final org.springframework.context.MessageSource messages;

    public ConsoleFormat(ObjectMapper json, Towns towns, Clock clock, io.leadbridge.ledger.LeadLedger ledger,
                         io.leadbridge.sla.SlaClock sla, io.leadbridge.routing.CatalogueStore catalogue,
                         io.leadbridge.reference.Departments departments, org.springframework.context.MessageSource messages) {
        this.departments = departments;
        this.messages = messages;
        this.sla = sla;
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.json = json;
        this.towns = towns;
        this.clock = clock;
    }

    /** What went wrong with an action, in the reader's language when the refusal has a code ({@code refused.<code>}). */
    public String refusal(RuntimeException e) {
        return e instanceof io.leadbridge.review.Explained explained ? refusal(explained.reason(), e.getMessage()) : e.getMessage();
    }

    /** A refusal's code in the reader's language ({@code refused.<code>}); the English when there is no such message. */
    public String refusal(io.leadbridge.review.Explained.Reason reason, String english) {
        return messages.getMessage("refused." + reason.code(), reason.args().toArray(), english,
                org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }

    /** The shop sign, or the business scope when there is none. */
    public String subject(LeadRecord lead) {
        if (lead.state() == LeadState.INVALID || lead.payload() == null) {
            return "";
        }
        try {
            JsonNode payload = json.readTree(lead.payload());
            String name = payload.path("subject").path("name").asText("");
            return name.isBlank() ? payload.path("businessScope").asText("") : name;
        } catch (IOException e) {
            return "";
        }
    }

    public String cause(LeadRecord lead) {
        if (lead.state() == LeadState.INVALID || lead.state() == LeadState.DELIVERY_FAILED) {
            return lead.state().name();
        }
        if (lead.state() == LeadState.DISPUTED) {
            return "BOUNCED".equals(lead.reviewFlag()) ? "BOUNCED" : lead.reason();
        }
        return lead.reviewFlag();
    }

    public String claimedBy(LeadRecord lead) {
        return ledger.claimedBy(lead.id()).orElse("");
    }

    public long ageDays(LeadRecord lead) {
        return Duration.between(lead.receivedAt(), OffsetDateTime.now(clock)).toDays();
    }

    public String time(OffsetDateTime time) {
        return time == null ? "" : io.leadbridge.config.ClockConfig.local(time);
    }

    /**
     * Working days from now to a deadline (0: it is today), negative when it passed (-2: two working days late);
     * null without a deadline.
     */
    public Integer daysLeft(OffsetDateTime deadline) {
        if (deadline == null) {
            return null;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return deadline.isBefore(now) ? -Math.max(1, sla.workingDaysRun(deadline, now)) : sla.workingDaysRun(now, deadline);
    }

    /** How often the case's current dispatch was urged (督办). */
    public long urged(LeadRecord lead) {
        return lead.caseNo() == null ? 0 : ledger.urged(lead.id(), lead.dispatchSeq());
    }

    /**
     * Who did something, as a person reads it: a department by its name (dept:CODE), the bridge's own steps by a
     * label of the messages (actor.router, actor.dispatch...), a person or an API client by their name.
     */
    public String actor(String actor) {
        if (actor == null) {
            return "";
        }
        if (actor.startsWith("dept:")) {
            String code = actor.substring("dept:".length());
            return departments.contains(code) ? departments.label(code) : code;
        }
        java.util.Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        String whole = messages.getMessage("actor." + actor.replace(':', '.'), null, null, locale);
        if (whole != null) {
            return whole;
        }
        int colon = actor.indexOf(':');
        String step = messages.getMessage("actor." + (colon < 0 ? actor : actor.substring(0, colon)), null, null, locale);
        return step == null ? actor : colon < 0 ? step : step + actor.substring(colon);
    }

    /** An industry by its catalogue name (the catalogue in use), its code when the catalogue no longer has it. */
    public String industry(String code) {
        if (code == null || code.isEmpty() || code.equals("null")) {
            return "";
        }
        return catalogue.current().entries().stream().filter(e -> code.equals(e.industryCode()) && e.industryName() != null)
                .map(io.leadbridge.routing.CatalogueEntry::industryName).findFirst().orElse(code);
    }

    public String town(String code) {
        return code == null ? "" : towns.contains(code) ? towns.label(code) : code;
    }
}
