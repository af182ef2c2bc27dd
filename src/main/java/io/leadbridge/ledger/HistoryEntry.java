package io.leadbridge.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.OffsetDateTime;

/** One line of a lead's timeline; {@code said} is its detail as the console says it (the API shows {@code detail}). */
public record HistoryEntry(OffsetDateTime at, String actor, String event, String state, String detail, @JsonIgnore Detail said) {
}
