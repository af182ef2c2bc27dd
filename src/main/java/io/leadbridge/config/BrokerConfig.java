package io.leadbridge.config;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker: a dead-letter address so a message the broker gives up on is kept
 * (not dropped), broker-side redelivery with a delay, the journal's buffer timeout, and optionally
 * a TCP acceptor (bridge.broker.acceptor) for clients in other processes, and {@link UnreadableMessages} on the
 * queues others write to.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfig {

    @Bean
    ArtemisConfigurationCustomizer leadBridgeBroker(
            @Value("${bridge.broker.max-delivery-attempts:10}") int maxDeliveryAttempts,
            @Value("${bridge.broker.redelivery-delay-ms:1000}") long redeliveryDelay,
            @Value("${bridge.broker.journal-buffer-timeout-ns:500000}") int journalBufferTimeout,
            @Value("${bridge.broker.acceptor:}") String acceptor,
            @Value("${bridge.broker.max-disk-usage:90}") int maxDiskUsage,
            @Value("${bridge.broker.global-max-size-mb:64}") long globalMaxSizeMb,
            @Value("${bridge.broker.journal-pool-files:-1}") int journalPoolFiles,
            @Value("${bridge.broker.max-read-page-messages:-1}") int maxReadPageMessages,
            @Value("${bridge.intake.queue.name:sgs.leads}") String leadQueue,
            @Value("${bridge.feedback.queue.name:css.feedback}") String feedbackQueue) {
        return configuration -> {
            // past this much of messages in memory the broker pages them to disk (Artemis's default is
            // half the heap, which a backlog on bridge.dispatch filled, beside the bridge's own work)
            configuration.setGlobalMaxSize(globalMaxSizeMb * 1024 * 1024);
            // past this share of its disk in use the broker blocks senders (the whole bridge waits)
            configuration.setMaxDiskUsage(maxDiskUsage);
            if (!acceptor.isBlank()) {
                // A network acceptor, so Smart-Grid (or a test in another process) can put leads on sgs.leads.
                try {
                    configuration.addAcceptorConfiguration("tcp", acceptor);
                } catch (Exception e) {
                    throw new IllegalArgumentException("bridge.broker.acceptor: not an acceptor URL: " + acceptor, e);
                }
            }
            AddressSettings settings = new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setAutoCreateDeadLetterResources(false)
                    .setMaxDeliveryAttempts(maxDeliveryAttempts)
                    .setRedeliveryDelay(redeliveryDelay)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(60_000)
                    .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.PAGE)
                    // paged messages read back into a queue's memory, by count (prefetch follows it): Artemis's byte
                    // estimate of a paged message is a tenth of the heap it holds (docs/performance.md, "The backlog")
                    .setMaxReadPageMessages(maxReadPageMessages);
            configuration.addAddressSetting("#", settings);
            // a text message with no readable body would loop on the queues that Smart-Grid and departments write to
            configuration.registerBrokerPlugin(new UnreadableMessages(java.util.Set.of(leadQueue, feedbackQueue)));
            // journal files freed once a backlog drains are kept for reuse up to this many (Artemis's default, -1,
            // keeps them all: the journal stayed at its backlog's size); past it they are deleted
            configuration.setJournalPoolFiles(journalPoolFiles);
            configuration.setJournalBufferTimeout_NIO(journalBufferTimeout);
            configuration.setJournalBufferTimeout_AIO(journalBufferTimeout);
        };
    }
}
