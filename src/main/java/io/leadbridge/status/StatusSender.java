package io.leadbridge.status;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.leadbridge.config.Breakers;
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
import java.util.concurrent.TimeUnit;

/**
 * The steps of the status route: what is due, addressed to Smart-Grid, and its outcome on record.
 * Smart-Grid has a circuit (resilience4j, as each department has for dispatch): when most of its
 * latest calls failed, rounds stop trying; one update tries after 30 s, doubling to 10 min while it
 * stays down (bridge.status.circuit). An outage then costs a call now and then, not a call for every
 * update waiting.
 */
@Component
public class StatusSender {

    private static final Logger LOG = LoggerFactory.getLogger(StatusSender.class);
    public static final String PENDING = "statusPending";

    private final StatusOutbox outbox;
    private final String smartGrid;
    private final Duration maxDelay;
    private final CircuitBreaker circuit;

    public StatusSender(StatusOutbox outbox, BridgeProperties properties, MeterRegistry meters,
                        @Value("${bridge.status.maximum-retry-delay:5m}") Duration maxDelay) {
        this.outbox = outbox;
        this.smartGrid = properties.getSmartGrid().getUrl();
        this.maxDelay = maxDelay;
        this.circuit = CircuitBreaker.of("smart-grid", Breakers.config(properties.getStatus().getCircuit()));
        circuit.getEventPublisher().onStateTransition(e -> LOG.warn("Smart-Grid status circuit: {}", e.getStateTransition()));
        Gauge.builder("bridge.status.circuit", circuit, b -> switch (b.getState()) {
                    case CLOSED, DISABLED -> 0;
                    case HALF_OPEN -> 1;
                    default -> 2;
                }).description("Smart-Grid status circuit: 0 closed, 1 half open (one update tries), 2 open (updates wait)")
                .register(meters);
        Gauge.builder("bridge.status.unsent", outbox::unsent).description("status updates not yet taken by Smart-Grid")
                .register(meters);
    }

    /** Updates taken by Smart-Grid this period, not yet recorded; only the status-push timer's thread uses it. */
    private final List<Long> taken = new java.util.ArrayList<>();

    /** What is due this round: nothing while Smart-Grid's circuit is open, one update while it is half open. */
    public List<StatusOutbox.Pending> due() {
        return switch (circuit.getState()) {
            case OPEN, FORCED_OPEN -> List.of();
            case HALF_OPEN -> outbox.due(1);
            default -> outbox.due(200);
        };
    }

    /**
     * Updates that wait behind one since sent are made due ({@link StatusOutbox#release}, the safety net of the
     * ordering, once a minute), but not while Smart-Grid's circuit is open: nothing is sent then, so nothing new
     * waits behind a send, and the pass reads every waiting update (half a per cent of a core with 70,000 waiting,
     * docs/performance.md "Reads"). The first pass after the circuit leaves OPEN catches up.
     */
    public int release() {
        return releases(circuit.getState()) ? outbox.release() : 0;
    }

    static boolean releases(CircuitBreaker.State state) {
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** Smart-Grid's circuit: CLOSED, OPEN or HALF_OPEN. */
    public String circuitState() {
        return circuit.getState().name();
    }

    /** Whether this update is tried now (route filter status-try): false once the circuit opened mid-round. */
    public boolean tryNow() {
        return circuit.tryAcquirePermission();
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
        circuit.onSuccess(0, TimeUnit.NANOSECONDS);
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

    /** Smart-Grid answered, and refused this update (a 4xx but 408 and 429): it is up, for the circuit. */
    private static boolean answered(Throwable e) {
        return e instanceof org.apache.camel.http.base.HttpOperationFailedException http && http.getStatusCode() >= 400
                && http.getStatusCode() < 500 && http.getStatusCode() != 408 && http.getStatusCode() != 429;
    }

    public void failed(Exchange exchange) {
        StatusOutbox.Pending pending = exchange.getProperty(PENDING, StatusOutbox.Pending.class);
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (answered(e)) {
            circuit.onSuccess(0, TimeUnit.NANOSECONDS);
        } else {
            circuit.onError(0, TimeUnit.NANOSECONDS, e == null ? new IllegalStateException(error) : e);
        }
        outbox.failed(pending.id(), pending.attempts(), error, maxDelay);
        LOG.warn("status {} of lead {} not taken by Smart-Grid (attempt {}), will retry: {}", pending.status(),
                pending.eventId(), pending.attempts() + 1, io.leadbridge.lead.PersonalData.scrub(error));
    }
}
