package io.leadbridge.dispatch;

import io.leadbridge.config.BridgeProperties;
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
}
