package io.leadbridge.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.reference.Departments;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One resilience4j circuit breaker per department. When most of the latest attempts to a department
 * failed, its circuit opens: its cases wait in the outbox instead of being tried, while every other
 * department's cases flow on. After a while (doubling while the department stays down) one case is
 * tried; when it is delivered the circuit closes and the waiting cases are sent again, oldest first.
 *
 * <p>Every attempt that took a permit reports exactly one outcome: delivered or answered (success),
 * or a transient failure (error). A 4xx answer counts as success: the department is up.
 */
@Component
public class DepartmentCircuits {

    private static final Logger LOG = LoggerFactory.getLogger(DepartmentCircuits.class);
    static final String RESUME = "direct:dispatch-resume";
    static final String RESUME_LIMIT = "resumeLimit";

    private final CircuitBreakerRegistry registry;
    private final ObjectProvider<ProducerTemplate> producer;
    private final DispatchOutbox outbox;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public DepartmentCircuits(BridgeProperties properties, Departments departments, MeterRegistry meters,
                              DispatchOutbox outbox, ObjectProvider<ProducerTemplate> producer) {
        this.producer = producer;
        this.outbox = outbox;
        BridgeProperties.Circuit circuit = properties.getDispatch().getCircuit();
        this.registry = CircuitBreakerRegistry.of(io.leadbridge.config.Breakers.config(circuit));
        for (String dept : departments.codes()) {
            CircuitBreaker breaker = circuit(dept);
            Gauge.builder("bridge.dispatch.circuit", breaker, b -> switch (b.getState()) {
                        case CLOSED, DISABLED -> 0;
                        case HALF_OPEN -> 1;
                        default -> 2;
                    }).tag("dept", dept).description("department circuit: 0 closed, 1 half open (one case tries), 2 open (cases wait)")
                    .register(meters);
            Gauge.builder("bridge.dispatch.waiting", () -> outbox.countWaiting(dept)).tag("dept", dept)
                    .description("cases held back for the department while its circuit is open").register(meters);
        }
    }

    private CircuitBreaker circuit(String dept) {
        return breakers.computeIfAbsent(dept, code -> {
            CircuitBreaker breaker = registry.circuitBreaker(code);
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.State to = event.getStateTransition().getToState();
                LOG.warn("delivery circuit of {}: {}", code, event.getStateTransition());
                if (to == CircuitBreaker.State.HALF_OPEN || to == CircuitBreaker.State.CLOSED) {
                    // half open: the oldest waiting case takes the one try; closed: all of them follow
                    int limit = to == CircuitBreaker.State.HALF_OPEN ? 1 : Integer.MAX_VALUE;
                    producer.getObject().asyncSend(RESUME, exchange -> {
                        exchange.getMessage().setBody(code);
                        exchange.getMessage().setHeader(RESUME_LIMIT, limit);
                    });
                }
            });
            return breaker;
        });
    }

    /** Takes a permit for one attempt; false while the department's circuit holds its cases back. */
    public boolean tryAcquire(String dept) {
        return circuit(dept).tryAcquirePermission();
    }

    /** The attempt reached the department and it answered (delivered, or refused the case for good). */
    public void answered(String dept, Duration took) {
        circuit(dept).onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The attempt failed in a way worth retrying: the department is down, overloaded or out of reach. */
    public void failed(String dept, Duration took, Throwable failure) {
        circuit(dept).onError(took.toNanos(), TimeUnit.NANOSECONDS, failure == null ? new IllegalStateException("failed") : failure);
    }

    public boolean isClosed(String dept) {
        return circuit(dept).getState() == CircuitBreaker.State.CLOSED;
    }

    public String state(String dept) {
        return circuit(dept).getState().name();
    }

    /** A department whose cases are held back, for the console. */
    public record Paused(String dept, String state, long waiting) {
    }

    /** Departments whose circuit is not closed, with how many cases wait for each. */
    public List<Paused> paused() {
        return breakers.values().stream().filter(b -> b.getState() != CircuitBreaker.State.CLOSED)
                .map(b -> new Paused(b.getName(), b.getState().name(), outbox.countWaiting(b.getName())))
                .sorted(java.util.Comparator.comparing(Paused::dept)).toList();
    }
}
