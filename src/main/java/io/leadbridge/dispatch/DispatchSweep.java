package io.leadbridge.dispatch;

import io.leadbridge.config.BridgeProperties;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Finds dispatches that are pending but not on their way: never queued, or queued long ago or
 * before this instance started (a new dispatch is noted as queued when it is made, so one whose
 * send a crash prevented looks queued). The latter only while the dispatch queue is empty: with a
 * backlog on the queue (a million-line batch file), such a case is most likely still on it, and
 * sending it again would only double the backlog; once the queue is drained, whatever is still
 * pending was lost and goes again. (A case another instance is retrying at that moment may go
 * twice; its department drops the repeat by Idempotency-Key.)
 */
@Component
public class DispatchSweep {

    static final int LIMIT = 10_000;

    private final DispatchOutbox outbox;
    private final BridgeProperties properties;
    private final JmsTemplate jms;
    private final String queue;
    private final Clock clock;
    private final OffsetDateTime startedAt;

    public DispatchSweep(DispatchOutbox outbox, BridgeProperties properties, JmsTemplate jms,
                         @Value("${bridge.dispatch.queue}") String queue, Clock clock) {
        this.outbox = outbox;
        this.properties = properties;
        this.jms = jms;
        this.queue = queue;
        this.clock = clock;
        this.startedAt = OffsetDateTime.now(clock);
    }

    public List<String> keysToResend() {
        boolean queueEmpty = Boolean.FALSE.equals(jms.browse(queue, (session, browser) -> browser.getEnumeration().hasMoreElements()));
        OffsetDateTime longAgo = OffsetDateTime.now(clock).minus(properties.getDispatch().getResendAfter());
        OffsetDateTime queuedBefore = longAgo.isAfter(startedAt) ? longAgo : startedAt;
        return outbox.toResend(queueEmpty ? queuedBefore : null, LIMIT);
    }

    /** A department's circuit let cases through again: the ones held back for it, oldest first. */
    public List<String> waitingFor(String deptCode, @Header(DepartmentCircuits.RESUME_LIMIT) Integer limit) {
        List<String> waiting = outbox.waiting(deptCode);
        return limit == null || limit >= waiting.size() ? waiting : waiting.subList(0, limit);
    }
}
