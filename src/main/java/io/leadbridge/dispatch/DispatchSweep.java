package io.leadbridge.dispatch;

import io.leadbridge.config.BridgeProperties;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.List;

/** Finds dispatches that are pending but not on their way: never queued (a crash), or queued too long ago. */
@Component
public class DispatchSweep {

    private final DispatchOutbox outbox;
    private final BridgeProperties properties;

    public DispatchSweep(DispatchOutbox outbox, BridgeProperties properties) {
        this.outbox = outbox;
        this.properties = properties;
    }

    public List<String> keysToResend() {
        return outbox.toResend(properties.getDispatch().getResendAfter());
    }

    /** A department's circuit let cases through again: the ones held back for it, oldest first. */
    public List<String> waitingFor(String deptCode, @Header(DepartmentCircuits.RESUME_LIMIT) Integer limit) {
        List<String> waiting = outbox.waiting(deptCode);
        return limit == null || limit >= waiting.size() ? waiting : waiting.subList(0, limit);
    }
}
