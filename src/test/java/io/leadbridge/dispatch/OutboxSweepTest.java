package io.leadbridge.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.intake.IntakeResult;
import io.leadbridge.intake.LeadIntake;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash between the intake commit and the send to bridge.dispatch leaves a pending dispatch that
 * was never queued; the outbox sweep finds it and it is delivered.
 */
@BridgeTest
class OutboxSweepTest {

    @LocalServerPort
    int port;
    @Autowired
    LeadIntake intake;
    @Autowired
    DispatchOutbox outbox;

    @Test
    void aDispatchNeverQueuedIsSentByTheSweep() {
        ObjectNode lead = Leads.routedTo("URBAN");
        // The intake bean alone, as if the process died right after its transaction committed.
        IntakeResult result = intake.accept(lead.toString().getBytes(StandardCharsets.UTF_8), "PUSH", "test");
        assertThat(result.dispatchKey()).isNotNull();
        assertThat(outbox.find(result.dispatchKey()).orElseThrow().status()).isEqualTo(DispatchOutbox.PENDING);

        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DISPATCHED".equals(api.state(lead.get("eventId").asText())));
        assertThat(outbox.find(result.dispatchKey()).orElseThrow().status()).isEqualTo(DispatchOutbox.DELIVERED);
    }
}
