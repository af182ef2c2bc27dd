package io.leadbridge.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.config.ClockConfig;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Notices to the department that holds a case (contracts README, "Notices to a department"): written to the
 * outbox in the caller's transaction, delivered by the dispatch route on the department's channel with
 * {@code MessageKind} URGE or ADDENDUM and the Idempotency-Key {@code <case_no>-<dispatch_seq>-<kind>-<n>}.
 * The caller puts the returned key on the dispatch queue after its commit, as for a case.
 */
@Component
public class Notices {

    public static final String ADDENDUM = "ADDENDUM";
    public static final String URGE = "URGE";

    private final DispatchOutbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public Notices(DispatchOutbox outbox, ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Another report of the business ({@code sourceId}, its eventId) was merged into the case. */
    public String addendum(long leadId, String caseNo, int dispatchSeq, String deptCode, String sourceId) {
        Map<String, Object> body = body(ADDENDUM, caseNo, dispatchSeq);
        body.put("source_id", sourceId);
        return outbox.insertNotice(caseNo, dispatchSeq, ADDENDUM, leadId, deptCode, null, n -> write(body));
    }

    /** A coordinator ({@code by}) urges the case (督办), with a note and, when given, a new deadline. */
    public String urge(long leadId, String caseNo, int dispatchSeq, String deptCode, String by, String note,
                       OffsetDateTime deadline) {
        Map<String, Object> body = body(URGE, caseNo, dispatchSeq);
        body.put("by", by);
        body.put("note", note);
        if (deadline != null) {
            body.put("deadline", ClockConfig.local(deadline));
        }
        return outbox.insertNotice(caseNo, dispatchSeq, URGE, leadId, deptCode, deadline, n -> write(body));
    }

    private Map<String, Object> body(String kind, String caseNo, int dispatchSeq) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("case_no", caseNo);
        body.put("dispatch_seq", dispatchSeq);
        body.put("at", ClockConfig.local(OffsetDateTime.now(clock)));
        return body;
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
