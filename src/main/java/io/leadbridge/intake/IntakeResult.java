package io.leadbridge.intake;

import io.leadbridge.lead.InputRejection;
import io.leadbridge.ledger.LeadState;

/**
 * What intake made of one input. {@code dispatchKey} is set when the input produced a case to
 * deliver, or a notice (an ADDENDUM for a merged report); the intake route hands it to dispatch after
 * the ledger transaction committed.
 */
public record IntakeResult(Outcome outcome, String ref, String eventId, Long version, LeadState state,
                           InputRejection rejection, String dispatchKey) {

    public enum Outcome {
        /** A new lead. */
        ACCEPTED,
        /** A higher version of a lead already held. */
        UPDATED,
        /** The same or a lower version than the one held: nothing changed. */
        DUPLICATE,
        /** Not a valid lead: kept as INVALID with every problem. */
        INVALID,
        /** The version held already, with other content: the copy kept for review (cause CONFLICT), nothing else changed. */
        CONFLICT
    }

    public boolean hasDispatch() {
        return dispatchKey != null;
    }

    public boolean invalid() {
        return outcome == Outcome.INVALID || outcome == Outcome.CONFLICT;
    }
}
