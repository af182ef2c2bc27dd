package io.leadbridge.dispatch;

import io.leadbridge.config.DatabaseFailures;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.ledger.LeadState;
import io.leadbridge.status.StatusOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records delivered cases in the outbox and the ledger, many per database transaction (group
 * commit): a dispatch consumer hands the delivery over and takes the next case at once, and one
 * writer commits what has gathered, up to {@code bridge.dispatch.record-batch} at a time.
 *
 * <p>Nothing depends on the record being written before the consumer goes on: until it is, the
 * dispatch is still PENDING in the outbox, so if the bridge dies first the sweep sends the case
 * again and the department drops the repeat by its Idempotency-Key. With the database out of reach
 * the writer keeps the deliveries and tries again, backing off up to 5 s.
 */
@Component
public class DeliveryRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);

    /** What the record needs of a delivered dispatch (not its case JSON: thousands may wait here). */
    record Delivery(String key, long leadId, String caseNo, int dispatchSeq, String deptCode) {
    }

    private final BlockingQueue<Delivery> pending;
    private final DispatchOutbox outbox;
    private final LeadLedger ledger;
    private final StatusOutbox status;
    private final MeterRegistry meters;
    private final TransactionTemplate transaction;
    private final int batch;
    private final long lingerNanos;
    private final Thread writer;
    private volatile boolean running = true;

    public DeliveryRecorder(DispatchOutbox outbox, LeadLedger ledger, StatusOutbox status, MeterRegistry meters,
                            PlatformTransactionManager transactions, @Value("${bridge.dispatch.record-batch:200}") int batch,
                            @Value("${bridge.dispatch.record-linger:100ms}") Duration linger) {
        this.lingerNanos = linger.toNanos();
        this.outbox = outbox;
        this.ledger = ledger;
        this.status = status;
        this.meters = meters;
        this.transaction = new TransactionTemplate(transactions);
        this.batch = batch;
        // bounded: when the writer falls behind, the dispatch consumers wait for it (found by a
        // million-line run on H2: unbounded, 163,000 deliveries with their cases filled the heap)
        this.pending = new LinkedBlockingQueue<>(batch * 20);
        meters.gauge("bridge.dispatch.unrecorded", pending, BlockingQueue::size);
        this.writer = new Thread(this::write, "dispatch-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** A case its department took: recorded shortly, with others; waits while the writer is far behind. */
    void delivered(String key, DispatchRow row) {
        try {
            pending.put(new Delivery(key, row.leadId(), row.caseNo(), row.dispatchSeq(), row.deptCode()));
        } catch (InterruptedException e) {
            // left PENDING in the outbox: the sweep sends it again, the department drops the repeat
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        List<Delivery> gathered = new ArrayList<>(batch);
        long backOffMs = 100;
        while (running || !pending.isEmpty()) {
            try {
                if (gathered.isEmpty()) {
                    Delivery first = pending.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    gathered.add(first);
                    gather(gathered);
                }
                recordOrSplit(gathered);
                gathered.clear();
                backOffMs = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database out of reach: keep what was gathered and try again
                LOG.warn("{} deliveries not recorded yet, trying again in {} ms: {}", gathered.size(), backOffMs, e.toString());
                try {
                    Thread.sleep(backOffMs);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backOffMs = Math.min(backOffMs * 2, 5000);
                if (!running) {
                    return;
                }
            }
        }
    }

    /** Up to a batch, waiting at most the linger time for more to come. */
    private void gather(List<Delivery> gathered) throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        pending.drainTo(gathered, batch - gathered.size());
        while (gathered.size() < batch) {
            long left = until - System.nanoTime();
            Delivery next = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            gathered.add(next);
            pending.drainTo(gathered, batch - gathered.size());
        }
    }

    /**
     * The lot in one transaction; if that fails for another reason than the database being out of
     * reach, each on its own, so one bad record does not hold up the others. One that still fails
     * is left PENDING in the outbox (the sweep sends it again) and logged.
     */
    private void recordOrSplit(List<Delivery> deliveries) {
        try {
            record(deliveries);
        } catch (RuntimeException e) {
            if (DatabaseFailures.isOutOfReach(e)) {
                throw e;
            }
            List<Delivery> left = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                try {
                    record(List.of(delivery));
                } catch (RuntimeException one) {
                    if (DatabaseFailures.isOutOfReach(one)) {
                        left.add(delivery);
                    } else {
                        LOG.error("dispatch {} delivered but not recorded, left pending for the sweep: {}", delivery.key(), one.toString());
                    }
                }
            }
            if (!left.isEmpty()) {
                deliveries.retainAll(left);
                throw new org.springframework.dao.DataAccessResourceFailureException(left.size() + " deliveries still to record");
            }
        }
    }

    /** One transaction for the lot; a delivery already recorded (a resend) changes nothing. */
    private void record(List<Delivery> deliveries) {
        List<Runnable> afterCommit = new ArrayList<>();
        transaction.executeWithoutResult(tx -> {
            for (Delivery delivery : deliveries) {
                int attempts = outbox.recordDelivered(delivery.key());
                if (attempts < 0) {
                    continue;
                }
                // Only a lead still waiting for this delivery moves: the department may have answered already.
                boolean moved = ledger.setStateIf(delivery.leadId(), LeadState.ROUTED, LeadState.DISPATCHED);
                ledger.appendHistory(delivery.leadId(), "dispatch", "DISPATCHED", moved ? LeadState.DISPATCHED : null,
                        "case " + delivery.caseNo() + " dispatch " + delivery.dispatchSeq() + " delivered to "
                                + delivery.deptCode() + " after " + attempts + " attempt(s)");
                ledger.reported(delivery.leadId()).ifPresent(lead -> {
                    if (moved) {
                        status.record(lead.eventId(), lead.version(), "DISPATCHED", delivery.deptCode(), delivery.caseNo(),
                                null, null);
                    }
                    if (lead.dispatchedAt() != null) {
                        afterCommit.add(() -> meters.timer("bridge.dispatch.latency", "dept", delivery.deptCode())
                                .record(Duration.between(lead.dispatchedAt(), OffsetDateTime.now())));
                    }
                });
            }
        });
        afterCommit.forEach(Runnable::run);
    }

    /** At shutdown (the dispatch consumers have stopped): what has gathered is written before the database closes. */
    @PreDestroy
    void flush() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }
}
