package io.leadbridge.dispatch;

import io.leadbridge.config.BridgeProperties;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Puts many dispatch keys on the dispatch queue at once (a batch file's chunk, a lot of the intake's group commit): new dispatches,
 * noted as queued when they were made (DispatchOutbox#insert), sent in one broker transaction, so a
 * chunk costs one journal sync rather than one per case. If the send fails, the keys are noted as
 * not queued and the sweep sends them; nothing is lost either way.
 */
@Component
public class DispatchEnqueuer {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchEnqueuer.class);

    private final DispatchOutbox outbox;
    private final JmsTemplate jms;
    private final String queue;

    public DispatchEnqueuer(DispatchOutbox outbox, ConnectionFactory connections,
                            @Value("${bridge.dispatch.queue}") String queue) {
        this.outbox = outbox;
        this.queue = queue;
        this.jms = new JmsTemplate(connections);
        this.jms.setSessionTransacted(true);
    }

    public void enqueueAll(List<String> keys) {
        if (keys == null || keys.isEmpty()) {
            return;
        }
        try {
            jms.execute(session -> {
                MessageProducer producer = session.createProducer(session.createQueue(queue));
                for (String key : keys) {
                    producer.send(session.createTextMessage(key));
                }
                session.commit();
                producer.close();
                return null;
            }, true);
        } catch (RuntimeException e) { // JmsException mostly: whatever it is, the sweep has them
            keys.forEach(outbox::notQueued);
            LOG.warn("{} dispatch(es) not queued now ({}); the sweep will send them", keys.size(), e.getMessage());
        }
    }
}
