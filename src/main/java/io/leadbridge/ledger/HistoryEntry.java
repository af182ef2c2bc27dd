package io.leadbridge.ledger;

import java.time.OffsetDateTime;

/** One line of a lead's timeline. */
public record HistoryEntry(OffsetDateTime at, String actor, String event, String state, String detail) {
}
