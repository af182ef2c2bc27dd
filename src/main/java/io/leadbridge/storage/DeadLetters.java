package io.leadbridge.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker's dead letters, shown: what the broker gave up on after {@code bridge.broker.max-delivery-attempts}
 * (a lead on sgs.leads or feedback on css.feedback the bridge could not take for several minutes, e.g. the database
 * out of reach that long) waits on {@code DLQ}, kept but out of sight. The timer route {@code dead-letter-watch} counts
 * them by the queue they came from ({@code bridge_broker_dead_letters{queue}}, a warning in the log when the count
 * grows); ops see them at {@code GET /api/v1/dead-letters} and put them back on their queue once the cause is fixed
 * ({@code POST /api/v1/dead-letters/requeue?queue=sgs.leads}).
 *
 * <p>Both are the broker's own management operations on the dead-letter queue ({@code countMessages} grouped by the
 * origin Artemis notes on each dead letter, {@code moveMessages} with that origin as filter), asked through the
 * management address over JMS, so they work on the embedded broker and on a standalone one alike (there the bridge's
 * user needs the {@code manage} permission; docs/deployment.md). A moved message is a new one: its deliveries count
 * from zero again.
 *
 * <p>Its health ({@code deadLetters} in /actuator/health) is DEGRADED while the last count found any: the bridge still
 * runs and answers, but what waits there is taken in by no one until ops put it back. From the timer's count, without
 * asking the broker at each health call; not in the readiness group (a load balancer has nothing to do about it).
 */
@Component("deadLetters")
public class DeadLetters implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "messages wait on the broker's dead-letter queue");

    /** The property Artemis sets on a dead letter: the queue it was taken from. */
    static final String ORIGIN = "_AMQ_ORIG_QUEUE";
    /** The dead-letter queue, as config.BrokerConfig (embedded) and .ci/broker's broker.xml (standalone) name it. */
    static final String QUEUE = "DLQ";
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long ANSWER_WITHIN_MS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final JmsTemplate jms;
    private final List<String> queues;
    private final ObjectMapper json;
    private volatile Map<String, Long> last = Map.of();

    public DeadLetters(ConnectionFactory connections, MeterRegistry meters, ObjectMapper json,
                       @Value("${bridge.intake.queue.name:sgs.leads}") String leadQueue,
                       @Value("${bridge.feedback.queue.name:css.feedback}") String feedbackQueue,
                       @Value("${bridge.dispatch.queue:bridge.dispatch}") String dispatchQueue) {
        this.json = json;
        this.jms = new JmsTemplate(connections);
        this.jms.setReceiveTimeout(ANSWER_WITHIN_MS);
        this.queues = List.of(leadQueue, feedbackQueue, dispatchQueue);
        for (String queue : queues) {
            Gauge.builder("bridge.broker.dead.letters", () -> last.getOrDefault(queue, 0L)).tag("queue", queue)
                    .description("messages the broker gave up on (on its dead-letter queue), by the queue they came from")
                    .register(meters);
        }
    }

    /**
     * The timer's step: counts again, and warns when a queue has more dead letters than at the last count. The broker
     * out of reach (or the bridge's user without the manage permission): one line, and the last count stays.
     */
    public void check() {
        Map<String, Long> before = last;
        Map<String, Long> now;
        try {
            now = counts();
        } catch (RuntimeException e) {
            LOG.warn("the broker's dead letters could not be counted now: {}", e.getMessage());
            return;
        }
        for (Map.Entry<String, Long> queue : now.entrySet()) {
            if (queue.getValue() > before.getOrDefault(queue.getKey(), 0L)) {
                LOG.warn("{} message(s) from {} on the broker's dead-letter queue {}, given up on after their deliveries failed:"
                                + " once the cause is fixed, POST /api/v1/dead-letters/requeue?queue={} puts them back",
                        queue.getValue(), queue.getKey(), QUEUE, queue.getKey());
            }
        }
    }

    /** The dead letters now, by the queue they came from: every queue the bridge reads, 0 where none. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        queues.forEach(q -> counts.put(q, 0L));
        Object result = manage("countMessages", "", ORIGIN);
        try {
            json.readValue(String.valueOf(result), new TypeReference<Map<String, Long>>() { })
                    .forEach((origin, n) -> counts.merge(origin, n, Long::sum));
        } catch (Exception e) {
            throw new IllegalStateException("the broker's count of " + QUEUE + " could not be read: " + result, e);
        }
        last = Map.copyOf(counts);
        return counts;
    }

    /** The latest count (the timer's), of every queue together, without asking the broker. */
    public long lastCount() {
        return total(last);
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Health health() {
        Map<String, Long> counts = last;
        long total = total(counts);
        Health.Builder health = total > 0 ? Health.status(DEGRADED)
                .withDetail("action", "once the cause is fixed: POST /api/v1/dead-letters/requeue?queue=<queue> (ops key)") : Health.up();
        return health.withDetail("total", total).withDetail("byQueue", counts).build();
    }

    /** Moves every dead letter that came from queue back onto it; answers how many. */
    public int requeue(String queue) {
        if (queue == null || queue.isBlank() || !(queues.contains(queue) || counts().containsKey(queue))) {
            throw new IllegalArgumentException("queue: no dead letters came from \"" + queue + "\" (the bridge's queues: "
                    + String.join(", ", queues) + ")");
        }
        int moved = ((Number) manage("moveMessages", ORIGIN + " = '" + queue + "'", queue)).intValue();
        LOG.info("{} dead letter(s) moved from {} back to {}", moved, QUEUE, queue);
        counts();
        return moved;
    }

    /** One management operation on the dead-letter queue, asked through the broker's management address. */
    private Object manage(String operation, Object... arguments) {
        return jms.execute(session -> {
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                 MessageConsumer consumer = session.createConsumer(replies)) {
                Message request = session.createMessage();
                JMSManagementHelper.putOperationInvocation(request, ResourceNames.QUEUE + QUEUE, operation, arguments);
                request.setJMSReplyTo(replies);
                producer.send(request);
                Message reply = consumer.receive(jms.getReceiveTimeout());
                if (reply == null) {
                    throw new IllegalStateException("the broker did not answer " + operation + " on " + QUEUE
                            + " within " + jms.getReceiveTimeout() + " ms");
                }
                if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                    throw new IllegalStateException("the broker refused " + operation + " on " + QUEUE + ": "
                            + JMSManagementHelper.getResult(reply));
                }
                return JMSManagementHelper.getResult(reply);
            } catch (JMSException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(operation + " on " + QUEUE + ": " + e.getMessage(), e);
            } finally {
                replies.delete();
            }
        }, true);
    }
}
