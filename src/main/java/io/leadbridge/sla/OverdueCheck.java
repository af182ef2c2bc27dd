package io.leadbridge.sla;

import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLedger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/** Flags cases past a deadline (accept or close) and records it in their timelines; counts them for the metric. */
@Component
public class OverdueCheck {

    private static final Logger LOG = LoggerFactory.getLogger(OverdueCheck.class);

    private final LeadLedger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public OverdueCheck(LeadLedger ledger, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.ledger = ledger;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        Gauge.builder("bridge.sla.overdue", ledger::countOverdue).description("open cases past a deadline").register(meters);
    }

    public int flag() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return transaction.execute(tx -> flag("ACCEPT", now, "not accepted by its deadline")
                + flag("CLOSE", now, "not closed by its deadline"));
    }

    private int flag(String which, OffsetDateTime now, String detail) {
        List<Long> ids = ledger.flagOverdue(which, now);
        for (long id : ids) {
            ledger.appendHistory(id, "sla", "OVERDUE_" + which, null, Detail.of("OVERDUE_" + which, detail));
        }
        if (!ids.isEmpty()) {
            LOG.info("{} case(s) {}", ids.size(), detail);
        }
        return ids.size();
    }

}
