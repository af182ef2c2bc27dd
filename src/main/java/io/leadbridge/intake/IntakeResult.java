package io.leadbridge.intake;

import io.leadbridge.lead.InputRejection;
import io.leadbridge.ledger.LeadState;

/**
 * What intake made of one input. {@code dispatchKey} is set when the input produced a case to
 * deliver, or a notice (an ADDENDUM for a merged report); after the ledger transaction committed it goes
 * on the dispatch queue: {@code queued} when the intake's group commit put its lot's keys there already,
 * else the intake route (or the batch file's chunk) puts it there.
 */
public record IntakeResult(Outcome outcome, String ref, String eventId, Long version, LeadState state,
                           InputRejection rejection, String dispatchKey, boolean queued) {

    public IntakeResult(Outcome outcome, String ref, String eventId, Long version, LeadState state,
                        InputRejection rejection, String dispatchKey) {
        this(outcome, ref, eventId, version, state, rejection, dispatchKey, false);
    }

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

    /** A case or notice still to be put on the dispatch queue. */
    public boolean toQueue() {
        return dispatchKey != null && !queued;
    }

    /** The same, its dispatch key on the queue now. */
    public IntakeResult queuedNow() {
        return new IntakeResult(outcome, ref, eventId, version, state, rejection, dispatchKey, true);
    }

    public boolean invalid() {
        return outcome == Outcome.INVALID || outcome == Outcome.CONFLICT;
    }
}
