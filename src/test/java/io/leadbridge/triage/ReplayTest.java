package io.leadbridge.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.ledger.LeadRecord;
import io.leadbridge.ledger.LeadState;
import org.junit.jupiter.api.Test;

import static io.leadbridge.triage.Replay.Verdict.CONFLICT;
import static io.leadbridge.triage.Replay.Verdict.NEW;
import static io.leadbridge.triage.Replay.Verdict.NEW_VERSION;
import static io.leadbridge.triage.Replay.Verdict.NEW_VERSION_AFTER_DISPATCH;
import static io.leadbridge.triage.Replay.Verdict.NOT_NEWER;
import static org.assertj.core.api.Assertions.assertThat;

/** The replay check alone: what a lead that arrives again is, against the one held under its eventId. */
class ReplayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final Replay replay = new Replay(JSON);

    static JsonNode lead(int version, String name) throws Exception {
        return JSON.readTree("{\"eventId\":\"E-1\",\"version\":" + version + ",\"subject\":{\"name\":\"" + name + "\"}}");
    }

    static LeadRecord held(long version, LeadState state, String caseNo, String payload) {
        return new LeadRecord(1, "E-1", version, state, "PUSH", null, "441900121", null, caseNo, caseNo == null ? null : 1, null, null,
                null, null, null, null, payload, null, null, null, null, null);
    }

    @Test
    void eachVerdict() throws Exception {
        String two = lead(2, "水围商行").toString();
        assertThat(replay.judge(null, 2, lead(2, "水围商行"))).isEqualTo(NEW);
        // the same version: the same content (in another key order) is a repeat, other content a conflict
        assertThat(replay.judge(held(2, LeadState.DISPUTED, null, "{\"version\":2,\"subject\":{\"name\":\"水围商行\"},\"eventId\":\"E-1\"}"),
                2, lead(2, "水围商行"))).isEqualTo(NOT_NEWER);
        assertThat(replay.judge(held(2, LeadState.DISPUTED, null, two), 2, lead(2, "水围商店"))).isEqualTo(CONFLICT);
        assertThat(replay.judge(held(2, LeadState.DISPUTED, null, two), 1, lead(1, "水围"))).isEqualTo(NOT_NEWER);
        // a higher version: evaluated again before a case, flagged for a coordinator after
        assertThat(replay.judge(held(2, LeadState.HELD, null, two), 3, lead(3, "水围商行"))).isEqualTo(NEW_VERSION);
        assertThat(replay.judge(held(2, LeadState.DISPATCHED, "QW1", two), 3, lead(3, "水围商行"))).isEqualTo(NEW_VERSION_AFTER_DISPATCH);
        assertThat(replay.judge(held(2, LeadState.MERGED, null, two), 3, lead(3, "水围商行"))).isEqualTo(NEW_VERSION_AFTER_DISPATCH);
    }
}
