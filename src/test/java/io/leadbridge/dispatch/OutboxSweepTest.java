package io.leadbridge.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.intake.IntakeResult;
import io.leadbridge.intake.LeadIntake;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash between the intake commit and the send to bridge.dispatch leaves a pending dispatch noted
 * as queued (at insert) that never was; after the restart, the outbox sweep finds it (queued before
 * this instance started, and the queue empty) and it is delivered.
 */
@BridgeTest
class OutboxSweepTest {

    @LocalServerPort
    int port;
    @Autowired
    LeadIntake intake;
    @Autowired
    DispatchOutbox outbox;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aDispatchNeverQueuedIsSentByTheSweep() {
        ObjectNode lead = Leads.routedTo("URBAN");
        // A batch file's chunk taken in by the intake bean alone, as if the process died right after its transaction
        // committed, before the file route put its keys on the queue (a push's lot is put there by the group commit).
        IntakeResult result = intake.acceptChunk(List.of(new LeadIntake.FileLine(1, "sweep-test.ndjson:1",
                lead.toString().getBytes(StandardCharsets.UTF_8))), "sweep-test", 1).get(0);
        assertThat(result.queued()).isFalse();
        assertThat(result.dispatchKey()).isNotNull();
        assertThat(outbox.find(result.dispatchKey()).orElseThrow().status()).isEqualTo(DispatchOutbox.PENDING);
        // ... and started again: the dispatch was made (and noted as queued) before this instance started.
        jdbc.sql("UPDATE dispatch SET created_at = created_at - INTERVAL '1' HOUR, queued_at = queued_at - INTERVAL '1' HOUR"
                        + " WHERE case_no = ? AND dispatch_seq = ?")
                .params(DispatchKey.caseNo(result.dispatchKey()), DispatchKey.dispatchSeq(result.dispatchKey())).update();

        Api api = new Api(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DISPATCHED".equals(api.state(lead.get("eventId").asText())));
        assertThat(outbox.find(result.dispatchKey()).orElseThrow().status()).isEqualTo(DispatchOutbox.DELIVERED);
    }
}
