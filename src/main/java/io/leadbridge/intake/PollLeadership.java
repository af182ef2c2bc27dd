package io.leadbridge.intake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Exactly one instance polls Smart-Grid: the one holding the "smart-grid-poll" lock in the database
 * (Spring Integration's JdbcLockRegistry and LockRegistryLeaderInitiator). The holder renews it every
 * heartbeat; when it dies, its lock expires after {@code bridge.intake.poll.leader-ttl} and another
 * instance takes it and starts the poll route, from the cursor in the database.
 */
@Configuration
@ConditionalOnProperty(name = "bridge.intake.poll.enabled", havingValue = "true")
public class PollLeadership {

    private static final Logger LOG = LoggerFactory.getLogger(PollLeadership.class);
    static final String ROUTE = "intake-poll";
    static final String ROLE = "smart-grid-poll";

    /** Read once: ${random.uuid} gives a new value at every lookup. */
    private final String instance;

    public PollLeadership(@Value("${bridge.instance-id}") String instance) {
        this.instance = instance;
    }

    /** A bean, so Spring Integration gives it its transaction manager when the context is ready. */
    @Bean
    DefaultLockRepository pollLockRepository(DataSource dataSource, @Value("${bridge.intake.poll.leader-ttl:10s}") Duration ttl) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource, instance);
        repository.setTimeToLive((int) ttl.toMillis());
        return repository;
    }

    @Bean
    JdbcLockRegistry pollLockRegistry(DefaultLockRepository pollLockRepository) {
        return new JdbcLockRegistry(pollLockRepository);
    }

    @Bean
    LockRegistryLeaderInitiator pollLeader(JdbcLockRegistry pollLockRegistry, CamelContext camel, MeterRegistry meters) {
        AtomicBoolean leading = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<LockRegistryLeaderInitiator> self = new java.util.concurrent.atomic.AtomicReference<>();
        Gauge.builder("bridge.poll.leader", leading, l -> l.get() ? 1 : 0)
                .description("1 on the instance that polls Smart-Grid").register(meters);
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(pollLockRegistry, new DefaultCandidate(instance, ROLE) {
            @Override
            public void onGranted(Context context) {
                leading.set(true);
                LOG.info("instance {} polls Smart-Grid now (it holds the {} lock)", instance, ROLE);
                start(camel);
            }

            @Override
            public void onRevoked(Context context) {
                leading.set(false);
                if (self.get() != null && !self.get().isRunning()) {
                    // the instance is stopping (its initiator stopped first): no warning at every clean stop
                    LOG.info("instance {} lets go of the {} lock: it is stopping", instance, ROLE);
                } else {
                    LOG.warn("instance {} no longer holds the {} lock: it stops polling", instance, ROLE);
                }
                try {
                    camel.getRouteController().stopRoute(ROUTE);
                } catch (Exception e) {
                    LOG.warn("stopping the poll: {}", e.toString());
                }
            }
        });
        initiator.setAutoStartup(false);
        self.set(initiator);
        return initiator;
    }

    /** The election starts once Camel has started, so the poll route is there to be started. */
    @Bean
    CamelContextConfiguration pollLeaderStart(LockRegistryLeaderInitiator pollLeader) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                // nothing before start
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                pollLeader.start();
            }
        };
    }

    private static void start(CamelContext camel) {
        try {
            camel.getRouteController().startRoute(ROUTE);
        } catch (Exception e) {
            LOG.error("could not start the poll route: {}", e.toString());
        }
    }
}
