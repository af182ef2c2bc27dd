package io.leadbridge.review;

import io.leadbridge.ledger.LeadState;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * A refusal a person can be told in their own language: a code the console's messages name ({@code refused.<code>})
 * and its arguments; the exception's own message is the English the API answers with. An argument may be a state
 * ({@link #state}), which the console names in the reader's language too.
 */
public interface Explained {

    String code();

    Object[] args();

    /** A lead's state as an argument: its name in the reader's language ({@code state.<STATE>}). */
    static MessageSourceResolvable state(LeadState state) {
        return new DefaultMessageSourceResolvable(new String[]{"state." + state.name()}, state.name());
    }

    /** Bad input to an action, with the field it names: a 400. */
    class Invalid extends IllegalArgumentException implements Explained {
        private final String code;
        private final Object[] args;

        public Invalid(String code, String message, Object... args) {
            super(message);
            this.code = code;
            this.args = args;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public Object[] args() {
            return args.clone();
        }
    }
}
