package io.leadbridge.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import org.springframework.stereotype.Component;

/**
 * The replay check, the first stage after validation: what a lead is against the one held under its eventId
 * (contracts README: eventId + version identify a lead; a version not higher than the one held changes nothing).
 */
@Component
public class Replay {

    public enum Verdict {
        /** No lead with this eventId is held. */
        NEW,
        /** The version held, with other content: kept for review beside it (cause CONFLICT), nothing else changes. */
        CONFLICT,
        /** The same or a lower version than the one held: nothing changes. */
        NOT_NEWER,
        /** A higher version of a lead without a case yet: evaluated again. */
        NEW_VERSION,
        /** A higher version after the case was made: recorded and flagged for a coordinator; the case goes on. */
        NEW_VERSION_AFTER_DISPATCH
    }

    private final ObjectMapper json;

    public Replay(ObjectMapper json) {
        this.json = json;
    }

    /** {@code held}: the lead held under the eventId, or null; {@code lead}: the incoming lead's JSON and version. */
    public Verdict judge(LeadRecord held, long version, JsonNode lead) {
        if (held == null) {
            return Verdict.NEW;
        }
        if (held.version() != null && version == held.version() && !sameContent(held.payload(), lead)) {
            return Verdict.CONFLICT;
        }
        if (held.version() != null && version <= held.version()) {
            return Verdict.NOT_NEWER;
        }
        return held.caseNo() == null && isBeforeDispatch(held.state()) ? Verdict.NEW_VERSION : Verdict.NEW_VERSION_AFTER_DISPATCH;
    }

    private static boolean isBeforeDispatch(LeadState state) {
        return state == LeadState.RECEIVED || state == LeadState.HELD || state == LeadState.DISPUTED;
    }

    /** The same JSON values (key order and spacing do not count). */
    private boolean sameContent(String held, JsonNode lead) {
        try {
            return held != null && json.readTree(held).equals(lead);
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
