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

    public ConsoleFormat(ObjectMapper json, Towns towns, Clock clock, io.leadbridge.ledger.LeadLedger ledger) {
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

    public String town(String code) {
        return code == null ? "" : towns.contains(code) ? towns.name(code) : code;
    }
}
