package io.leadbridge.config;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;

/**
 * The one way the bridge builds a circuit breaker (resilience4j) for a party that can go down: a
 * department (dispatch) or Smart-Grid (status updates). Count-based over the last {@code window}
 * calls; open at {@code failureRate} per cent failed; while open, nothing is tried; then one call tries
 * after {@code openFor}, doubling to {@code maxOpenFor} while it stays down.
 */
public final class Breakers {

    private Breakers() {
    }

    public static CircuitBreakerConfig config(BridgeProperties.Circuit circuit) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuit.getWindow())
                .minimumNumberOfCalls(circuit.getWindow())
                .failureRateThreshold(circuit.getFailureRate())
                .waitIntervalFunctionInOpenState(IntervalFunction.ofExponentialBackoff(circuit.getOpenFor(), 2.0,
                        circuit.getMaxOpenFor()))
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                // a try whose outcome never came back (a crash mid-call) does not hold the circuit half-open
                .maxWaitDurationInHalfOpenState(circuit.getOpenFor())
                .build();
    }
}
