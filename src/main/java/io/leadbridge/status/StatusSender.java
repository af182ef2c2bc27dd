package io.leadbridge.status;

import io.leadbridge.config.BridgeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The steps of the status route: what is due, addressed to Smart-Grid, and its outcome on record. */
@Component
public class StatusSender {

    private static final Logger LOG = LoggerFactory.getLogger(StatusSender.class);
    public static final String PENDING = "statusPending";

    private final StatusOutbox outbox;
    private final String smartGrid;
    private final Duration maxDelay;

    public StatusSender(StatusOutbox outbox, BridgeProperties properties, MeterRegistry meters,
                        @Value("${bridge.status.maximum-retry-delay:5m}") Duration maxDelay) {
        this.outbox = outbox;
        this.smartGrid = properties.getSmartGrid().getUrl();
        this.maxDelay = maxDelay;
        Gauge.builder("bridge.status.unsent", outbox::unsent).description("status updates not yet taken by Smart-Grid")
                .register(meters);
    }

    /** Updates taken by Smart-Grid this period, not yet recorded; only the status-push timer's thread uses it. */
    private final List<Long> taken = new java.util.ArrayList<>();

    public List<StatusOutbox.Pending> due() {
        return outbox.due(200);
    }

    /** Body in: one pending update. Out: the POST to Smart-Grid. */
    public void prepare(Exchange exchange) {
        StatusOutbox.Pending pending = exchange.getMessage().getBody(StatusOutbox.Pending.class);
        exchange.setProperty(PENDING, pending);
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        message.setHeader(Exchange.HTTP_URI, smartGrid + "/api/leads/"
                + URLEncoder.encode(pending.eventId(), StandardCharsets.UTF_8) + "/status");
        message.setBody(pending.body());
    }

    /** Smart-Grid took the update: noted, and recorded with the period's others by {@link #recordSent()}. */
    public void sent(Exchange exchange) {
        taken.add(exchange.getProperty(PENDING, StatusOutbox.Pending.class).id());
    }

    /**
     * After the period's updates: every one Smart-Grid took is marked sent in one transaction (one commit a
     * period, not one an update: on H2 every commit writes a chunk). A crash before it means those updates are
     * sent again, as a crash between a send and its record always did; per lead they still go in order.
     */
    public void recordSent() {
        if (!taken.isEmpty()) {
            outbox.sent(taken);
            taken.clear();
        }
    }

    public void failed(Exchange exchange) {
        StatusOutbox.Pending pending = exchange.getProperty(PENDING, StatusOutbox.Pending.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
        outbox.failed(pending.id(), pending.attempts(), error, maxDelay);
        LOG.warn("status {} of lead {} not taken by Smart-Grid (attempt {}), will retry: {}", pending.status(),
                pending.eventId(), pending.attempts() + 1, io.leadbridge.intake.PersonalData.scrub(error));
    }
}
