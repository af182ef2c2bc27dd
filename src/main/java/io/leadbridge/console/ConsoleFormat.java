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

    public ConsoleFormat(ObjectMapper json, Towns towns, Clock clock, io.leadbridge.ledger.LeadLedger ledger,
                         io.leadbridge.sla.SlaClock sla) {
        this.sla = sla;
        this.ledger = ledger;
        this.json = json;
        this.towns = towns;
        this.clock = clock;
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
        return time == null ? "" : CaseBuilder.local(time);
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

    public String town(String code) {
        return code == null ? "" : towns.contains(code) ? towns.name(code) : code;
    }
}
