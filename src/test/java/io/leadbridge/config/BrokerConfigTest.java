package io.leadbridge.config;

import io.leadbridge.support.BridgeTest;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the embedded broker is told about memory and dead letters, as the broker itself reads it for the bridge's queues.
 * A million-line batch file filled a 512 MB heap with dispatch keys read back from paging while Artemis bounded them by
 * its byte estimate alone (docs/performance.md, "The backlog"); they are bounded by count now.
 */
@BridgeTest
class BrokerConfigTest {

    @Autowired
    ObjectProvider<EmbeddedActiveMQ> broker;

    @Test
    void pagedMessagesReadBackAreBoundedByCount() {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        assumeTrue(embedded != null, "the embedded broker (a standalone broker, as in CI's second part, has its own settings)");
        AddressSettings dispatch = embedded.getActiveMQServer().getAddressSettingsRepository().getMatch("bridge.dispatch");

        assertThat(dispatch.getMaxReadPageMessages()).isEqualTo(2000);
        assertThat(dispatch.getPrefetchPageMessages()).isEqualTo(2000);
        assertThat(dispatch.getAddressFullMessagePolicy().name()).isEqualTo("PAGE");
        assertThat(dispatch.getDeadLetterAddress().toString()).isEqualTo("DLQ");
    }
}
