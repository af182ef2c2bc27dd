package io.leadbridge.review;

import io.leadbridge.ledger.LeadState;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

import java.util.List;

/**
 * A refusal a person can be told in their own language: a code the console's messages name ({@code refused.<code>})
 * and its arguments; the exception's own message is the English the API answers with. An argument may be a state
 * ({@link #state}), which the console names in the reader's language too.
 */
public interface Explained {

    /** The code ({@code refused.<code>} in the console's messages) and its arguments (a missing one is null). */
    record Reason(String code, List<Object> args) {
        public Reason(String code, Object... args) {
            this(code, java.util.Collections.unmodifiableList(java.util.Arrays.asList(args.clone())));
        }
    }

    Reason reason();

    /** A lead's state as an argument: its name in the reader's language ({@code state.<STATE>}). */
    static MessageSourceResolvable state(LeadState state) {
        return new DefaultMessageSourceResolvable(new String[]{"state." + state.name()}, state.name());
    }

    /** Bad input to an action, with the field it names: a 400. */
    class Invalid extends IllegalArgumentException implements Explained {
        private final Reason reason;

        public Invalid(String code, String message, Object... args) {
            super(message);
            this.reason = new Reason(code, args);
        }

        @Override
        public Reason reason() {
            return reason;
        }
    }
}
