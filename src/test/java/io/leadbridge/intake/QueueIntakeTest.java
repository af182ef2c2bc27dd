package io.leadbridge.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Consumer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Queue intake: lead JSON on sgs.leads, as text or bytes; a bad message is kept as INVALID; on the default
 * (bridge.broker.transacted-cache-level CACHE_CONSUMER, the embedded broker) the queue's consumers are kept from
 * message to message, not opened and closed for each.
 */
@BridgeTest
class QueueIntakeTest {

    @LocalServerPort
    int port;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;
    @Autowired
    ObjectProvider<EmbeddedActiveMQ> broker;
    @Value("${bridge.intake.queue.consumers}")
    int consumerCount;

    @Test
    void leadsOnTheQueueAreTakenIn() {
        Api api = new Api(port);
        ObjectNode asText = Leads.routedTo("ECO");
        ObjectNode asBytes = Leads.disputed("CONFLICT");
        NotifyBuilder taken = new NotifyBuilder(camel).fromRoute("intake-queue").whenDone(2).create();

        jms.convertAndSend("sgs.leads", asText.toString());
        jms.convertAndSend("sgs.leads", asBytes.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(taken.matches(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> "DISPATCHED".equals(api.state(asText.get("eventId").asText())));
        assertThat(api.state(asBytes.get("eventId").asText())).isEqualTo("DISPUTED");
        assertThat(api.lead(asText.get("eventId").asText()).path("channel").asText()).isEqualTo("QUEUE");
    }

    @Test
    void aBadMessageIsKeptAsInvalidNotLost() {
        Api api = new Api(port);
        NotifyBuilder taken = new NotifyBuilder(camel).fromRoute("intake-queue").whenDone(1).create();
        jms.convertAndSend("sgs.leads", "{\"eventId\": \"QUEUE-BAD-000001\", \"version\": \"one\"}");
        assertThat(taken.matches(20, TimeUnit.SECONDS)).isTrue();
        var invalid = api.get("/api/v1/leads?state=INVALID&size=500").json().path("items");
        assertThat(invalid.findValuesAsText("eventId")).contains("QUEUE-BAD-000001");
    }

    @Test
    void theQueuesConsumersAreKeptFromMessageToMessage() {
        assumeTrue(broker.getIfAvailable() != null, "the consumers are looked up on the embedded broker (the default)");
        // the listener container starts its consumers one by one: all of them first
        await().atMost(Duration.ofSeconds(20)).until(() -> consumers().size() == consumerCount);
        Set<Long> before = consumers();
        NotifyBuilder taken = new NotifyBuilder(camel).fromRoute("intake-queue").whenDone(20).create();
        for (int i = 0; i < 20; i++) {
            jms.convertAndSend("sgs.leads", Leads.routedTo("AMR").toString());
        }
        assertThat(taken.matches(20, TimeUnit.SECONDS)).isTrue();
        // a listener container that opened a consumer for each receive would show new ones (and close the old)
        assertThat(consumers()).isEqualTo(before);
    }

    private Set<Long> consumers() {
        return broker.getObject().getActiveMQServer().locateQueue(SimpleString.of("sgs.leads")).getConsumers().stream()
                .map(Consumer::sequentialID).collect(Collectors.toSet());
    }
}
