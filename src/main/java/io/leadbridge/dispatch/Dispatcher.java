package io.leadbridge.dispatch;

import io.leadbridge.lead.PersonalData;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadState;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of the dispatch route: load a pending dispatch from the outbox, address it, and
 * record each attempt and the end (delivered, or failed for good) in the outbox and the ledger.
 */
@Component
public class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    public static final String DELIVERY_URI = "deliveryUri";
    public static final String DISPATCH_KEY = "dispatchKey";
    public static final String SKIP = "dispatchSkip";
    static final String DEPT = "dispatchDept";
    static final String ROW = "dispatchRow";
    static final String ATTEMPT_STARTED = "dispatchAttemptStarted";
    static final String RETRIES = "dispatchRetries";
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(408, 429);

    private final DispatchOutbox outbox;
    private final DepartmentEndpoints endpoints;
    private final LeadLedger ledger;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final DepartmentCircuits circuits;
    private final int maxRedeliveries;
    private final TransactionTemplate transaction;
    private final DeliveryRecorder recorder;

    public Dispatcher(DispatchOutbox outbox, DepartmentEndpoints endpoints, LeadLedger ledger,
                      PlatformTransactionManager transactions, io.micrometer.core.instrument.MeterRegistry meters,
                      DepartmentCircuits circuits, DeliveryRecorder recorder,
                      @org.springframework.beans.factory.annotation.Value("${bridge.dispatch.max-redeliveries}") int maxRedeliveries) {
        this.recorder = recorder;
        this.meters = meters;
        this.circuits = circuits;
        this.maxRedeliveries = maxRedeliveries;
        this.outbox = outbox;
        this.endpoints = endpoints;
        this.ledger = ledger;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Body in: a dispatch key. Body out: the case JSON, with the headers its endpoint needs. */
    public void prepare(Exchange exchange) {
        String key = exchange.getMessage().getBody(String.class).trim();
        exchange.setProperty(DISPATCH_KEY, key);
        Optional<DispatchRow> row = outbox.find(key);
        if (row.isEmpty() || !DispatchOutbox.PENDING.equals(row.get().status())) {
            LOG.debug("dispatch {} is {}: nothing to do", key, row.map(DispatchRow::status).orElse("unknown"));
            exchange.setProperty(SKIP, true);
            return;
        }
        DispatchRow dispatch = row.get();
        if (!circuits.tryAcquire(dispatch.deptCode())) {
            // The department's circuit is open: the case waits in the outbox, to be sent when it lets cases through.
            outbox.unqueue(key);
            exchange.setProperty(SKIP, true);
            LOG.debug("dispatch {} waits: the delivery circuit of {} is {}", key, dispatch.deptCode(),
                    circuits.state(dispatch.deptCode()));
            return;
        }
        exchange.setProperty(DEPT, dispatch.deptCode());
        exchange.setProperty(ROW, dispatch);
        exchange.setProperty(ATTEMPT_STARTED, System.nanoTime());
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setBody(dispatch.body());
        exchange.setProperty(DELIVERY_URI, endpoints.uri(dispatch.deptCode()));
        // a case or a notice about one, on the same channel (contracts README, "Notices to a department")
        String kind = dispatch.key().kind();
        if (endpoints.isHttp(dispatch.deptCode())) {
            message.setHeader(Exchange.HTTP_METHOD, "POST");
            message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
            message.setHeader("Idempotency-Key", key);
            message.setHeader("Message-Kind", kind);
        } else {
            message.setHeader("IdempotencyKey", key);
            message.setHeader("MessageKind", kind);
            message.setHeader("CaseNo", dispatch.caseNo());
            message.setHeader("DeptCode", dispatch.deptCode());
        }
    }

    /**
     * Transient failures are retried with back-off: HTTP 408, 429, 5xx, network and broker errors,
     * and the bridge's own database out of reach.
     */
    public boolean isTransient(Exchange exchange) {
        Throwable failure = failure(exchange);
        if (isOwnDatabase(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return TRANSIENT_STATUS.contains(http.getStatusCode()) || http.getStatusCode() >= 500;
            }
            if (t instanceof IOException || t instanceof jakarta.jms.JMSException
                    || t instanceof org.springframework.jms.JmsException) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a transient failure: the department's circuit hears of it, and the case is tried again while
     * retries are left and the circuit lets it (a permit for the next attempt); else it ends in {@link #failed}.
     */
    public boolean mayRetry(Exchange exchange) {
        String dept = exchange.getProperty(DEPT, String.class);
        int retries = exchange.getProperty(RETRIES, 0, Integer.class);
        if (isOwnDatabase(failure(exchange))) {
            // Not the department's doing: its circuit hears nothing, and loading the case is tried again
            // while retries are left. (Deliveries are recorded by DeliveryRecorder, which waits out an outage.)
            exchange.setProperty(RETRIES, retries + 1);
            return retries < maxRedeliveries;
        }
        if (dept == null) {
            return false;
        }
        circuits.failed(dept, tookSoFar(exchange), exchange.getException());
        if (retries >= maxRedeliveries || !circuits.tryAcquire(dept)) {
            return false;
        }
        exchange.setProperty(RETRIES, retries + 1);
        return true;
    }

    /** Before each redelivery: the attempt that just failed goes on record. */
    public void attemptFailed(Exchange exchange) {
        exchange.setProperty(ATTEMPT_STARTED, System.nanoTime());
        String key = exchange.getProperty(DISPATCH_KEY, String.class);
        String error = describe(exchange);
        String dept = exchange.getProperty(DEPT, String.class);
        if (dept != null) {
            meters.counter("bridge.dispatch.failures", "dept", dept, "kind", "retry").increment();
        }
        try {
            int attempt = outbox.recordAttempt(key, "RETRY", error);
            LOG.warn("dispatch {} attempt {} failed, will retry: {}", key, attempt, PersonalData.scrub(error));
        } catch (DataAccessException | TransactionException databaseDown) {
            // the record of this attempt is lost with the database; the retry goes on
            LOG.warn("dispatch {} failed, will retry (attempt not recorded, the database is out of reach): {}", key,
                    PersonalData.scrub(error));
        }
    }

    /** The department took the case: its circuit hears so, and the delivery is recorded (group commit). */
    public void delivered(Exchange exchange) {
        String key = exchange.getProperty(DISPATCH_KEY, String.class);
        DispatchRow row = exchange.getProperty(ROW, DispatchRow.class);
        circuits.answered(row.deptCode(), tookSoFar(exchange));
        recorder.delivered(key, row);
        LOG.info("dispatch {} delivered", key);
    }

    /** Retries spent, or a permanent failure: the lead waits for review as DELIVERY_FAILED. */
    public void failed(Exchange exchange) {
        String key = exchange.getProperty(DISPATCH_KEY, String.class);
        if (key == null) {
            LOG.error("dispatch failed before its key was known: {}", PersonalData.scrub(describe(exchange)));
            return;
        }
        String error = describe(exchange);
        if (isOwnDatabase(failure(exchange))) {
            // The bridge could not load the case from its own database (before any department was tried):
            // the dispatch stays pending in the outbox for the sweep.
            LOG.warn("dispatch {} left pending for the outbox sweep: the database is out of reach ({})", key,
                    PersonalData.scrub(error));
            return;
        }
        boolean retriable = isTransient(exchange);
        String dept = exchange.getProperty(DEPT, String.class);
        if (dept != null && !retriable) {
            circuits.answered(dept, tookSoFar(exchange));
        }
        if (dept != null && retriable && !circuits.isClosed(dept)) {
            // The department is down: the case waits for it in the outbox rather than fail; it is sent when it is back.
            outbox.recordAttempt(key, "WAITING", error);
            outbox.unqueue(key);
            LOG.warn("dispatch {} waits for {} (delivery circuit {}): {}", key, dept, circuits.state(dept), PersonalData.scrub(error));
            return;
        }
        transaction.executeWithoutResult(tx -> {
            outbox.recordAttempt(key, "FAILED", error);
            if (outbox.finish(key, DispatchOutbox.FAILED, error)) {
                DispatchRow row = outbox.find(key).orElseThrow();
                meters.counter("bridge.dispatch.failures", "dept", row.deptCode(), "kind", "final").increment();
                if (row.key().isNotice()) {
                    // the case itself stays where it is; the timeline says the notice did not reach the department
                    ledger.appendHistory(row.leadId(), "dispatch", row.key().kind() + "_FAILED", null, Detail.of("NOTICE_FAILED",
                            "notice " + key + " not delivered to " + row.deptCode() + " after " + row.attempts() + " attempt(s): " + error,
                            Detail.notice(key), Detail.dept(row.deptCode()), row.attempts(), error));
                    return;
                }
                ledger.setStateIf(row.leadId(), LeadState.ROUTED, LeadState.DELIVERY_FAILED);
                ledger.appendHistory(row.leadId(), "dispatch", "DELIVERY_FAILED", LeadState.DELIVERY_FAILED, Detail.of(
                        retriable ? "RETRIES_SPENT" : "PERMANENT_FAILURE", (retriable ? "retries spent" : "permanent failure") + " after "
                                + row.attempts() + " attempt(s) to " + row.deptCode() + ": " + error,
                        row.attempts(), Detail.dept(row.deptCode()), error));
            }
        });
        LOG.error("dispatch {} failed for good ({}): {}", key, retriable ? "retries spent" : "permanent", PersonalData.scrub(error));
    }

    private static Throwable failure(Exchange exchange) {
        Throwable failure = exchange.getException();
        return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** The bridge's own database failed (out of reach, or a transaction could not be had). */
    static boolean isOwnDatabase(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessException || t instanceof TransactionException || t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    private static Duration tookSoFar(Exchange exchange) {
        Long started = exchange.getProperty(ATTEMPT_STARTED, Long.class);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    private static String describe(Exchange exchange) {
        Throwable failure = failure(exchange);
        if (failure instanceof HttpOperationFailedException http) {
            String body = http.getResponseBody();
            return "HTTP " + http.getStatusCode() + " " + http.getStatusText()
                    + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
        }
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
