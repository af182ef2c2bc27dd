package io.leadbridge.lead;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A Smart-Grid lead (smart-grid-lead.schema.json), bound once after validation: the stages after it (replay
 * check, village filter, same-business check, routing, the case) read fields, not JSON paths. Optional parts
 * the lead left out are null (an empty list for attachments); fields the schema does not name are not kept
 * here (the lead's JSON, kept whole in the ledger, has them).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Lead(String eventId, long version, OffsetDateTime reportedAt, Grid grid, Inspector inspector, Subject subject,
                   String businessScope, String description, String licenseState, VillageDisposal villageDisposal,
                   List<Attachment> attachments) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Grid(String gridCode, String townCode, String townName, String communityName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Inspector(String id, String name, String phone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subject(String name, String operatorName, String operatorPhone, String operatorIdNumber, String address,
                          Location location) {
    }

    /** Where the business is; exact as sent (the case carries the same digits). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Location(BigDecimal lng, BigDecimal lat) {

        public boolean known() {
            return lng != null && lat != null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VillageDisposal(String status, String urgedAt, String note) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(String type, String url, String sha256) {
    }

    private static final ObjectMapper BINDER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public Lead {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        grid = grid == null ? new Grid(null, null, null, null) : grid;
        subject = subject == null ? new Subject(null, null, null, null, null, null) : subject;
        inspector = inspector == null ? new Inspector(null, null, null) : inspector;
        villageDisposal = villageDisposal == null ? new VillageDisposal(null, null, null) : villageDisposal;
    }

    /** A lead's JSON bound; a value of the wrong type is an {@link IllegalArgumentException} naming it. */
    public static Lead of(JsonNode json) {
        try {
            return BINDER.treeToValue(json, Lead.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a lead: " + e.getOriginalMessage(), e);
        }
    }

    /** A lead's JSON text (as kept in the ledger) bound. */
    public static Lead parse(String json) {
        try {
            return BINDER.readValue(json, Lead.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a lead: " + e.getOriginalMessage(), e);
        }
    }

    public String townCode() {
        return grid.townCode();
    }

    public String villageStatus() {
        return villageDisposal.status();
    }
}
