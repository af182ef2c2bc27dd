package io.leadbridge.status;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The once-a-minute release of waiting updates is skipped while Smart-Grid's circuit is open (nothing is sent then). */
class StatusSenderTest {

    @Test
    void waitingUpdatesAreReleasedUnlessTheCircuitIsOpen() {
        assertThat(StatusSender.releases(CircuitBreaker.State.OPEN)).isFalse();
        assertThat(StatusSender.releases(CircuitBreaker.State.FORCED_OPEN)).isFalse();
        assertThat(StatusSender.releases(CircuitBreaker.State.CLOSED)).isTrue();
        assertThat(StatusSender.releases(CircuitBreaker.State.HALF_OPEN)).as("the one update tried may be sent").isTrue();
    }
}
