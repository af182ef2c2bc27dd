package io.leadbridge.dispatch;

import io.leadbridge.config.GroupCommit;
import io.leadbridge.ledger.Detail;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Records delivered cases in the outbox and the ledger, many per database transaction (the shared {@link
 * GroupCommit}): a dispatch consumer hands the delivery over and takes the next case at once, and what has
 * gathered, up to {@code bridge.dispatch.record-batch}, waiting up to {@code record-linger} for more, is written
 * in one transaction.
 *
 * <p>Nothing depends on the record being written before the consumer goes on: until it is, the
 * dispatch is still PENDING in the outbox, so if the bridge dies first the sweep sends the case
 * again and the department drops the repeat by its Idempotency-Key. With the database out of reach
 * the lot is kept and tried again, backing off up to 5 s (RETRY); a record that fails on its own is
 * left PENDING for the sweep and logged.
 */
@Component
public class DeliveryRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRecorder.class);

    /** What the record needs of a delivered dispatch (not its case JSON: thousands may wait here). */
    record Delivery(String key, long leadId, String caseNo, int dispatchSeq, String deptCode) {
    }

    private final DispatchOutbox outbox;
    private final LeadLedger ledger;
    private final StatusOutbox status;
    private final MeterRegistry meters;
    private final TransactionTemplate transaction;
    private final GroupCommit<Delivery, Void> group;

    public DeliveryRecorder(DispatchOutbox outbox, LeadLedger ledger, StatusOutbox status, MeterRegistry meters,
                            PlatformTransactionManager transactions, @Value("${bridge.dispatch.record-batch:200}") int batch,
                            @Value("${bridge.dispatch.record-linger:100ms}") Duration linger) {
        this.outbox = outbox;
        this.ledger = ledger;
        this.status = status;
        this.meters = meters;
        this.transaction = new TransactionTemplate(transactions);
        // bounded: when the writer falls behind, the dispatch consumers wait for it (found by a
        // million-line run on H2: unbounded, 163,000 deliveries with their cases filled the heap)
        this.group = new GroupCommit<>("dispatch-recorder", batch, linger, batch * 20, GroupCommit.OutOfReach.RETRY,
                new GroupCommit.Work<>() {
                    @Override
                    public List<Void> together(List<Delivery> deliveries) {
                        record(deliveries);
                        return Collections.nCopies(deliveries.size(), null);
                    }

                    @Override
                    public Void alone(Delivery delivery) {
                        record(List.of(delivery));
                        return null;
                    }
                });
        meters.gauge("bridge.dispatch.unrecorded", group, GroupCommit::waiting);
    }

    /** A case its department took: recorded shortly, with others; waits while the writer is far behind. */
    void delivered(String key, DispatchRow row) {
        try {
            group.submit(new Delivery(key, row.leadId(), row.caseNo(), row.dispatchSeq(), row.deptCode()))
                    .whenComplete((done, failed) -> {
                        if (failed != null) {
                            LOG.error("dispatch {} delivered but not recorded, left pending for the sweep: {}", key, failed.toString());
                        }
                    });
        } catch (InterruptedException e) {
            // left PENDING in the outbox: the sweep sends it again, the department drops the repeat
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One transaction for the lot, in the order of the leads' ids (a lead's deliveries in their order), as the feedback's
     * lots lock leads, so that the two writers cannot deadlock over two leads; a delivery already recorded (a resend)
     * changes nothing.
     */
    private void record(List<Delivery> deliveries) {
        List<Delivery> ordered = new ArrayList<>(deliveries);
        ordered.sort(Comparator.comparingLong(Delivery::leadId)); // stable: a lead's deliveries keep their order
        List<Runnable> afterCommit = new ArrayList<>();
        transaction.executeWithoutResult(tx -> {
            for (Delivery delivery : ordered) {
                int attempts = outbox.recordDelivered(delivery.key());
                if (attempts < 0) {
                    continue;
                }
                DispatchKey key = DispatchKey.parse(delivery.key());
                if (key.isNotice()) {
                    ledger.appendHistory(delivery.leadId(), "dispatch", key.kind() + "_DELIVERED", null, Detail.of("NOTICE_DELIVERED",
                            "notice " + delivery.key() + " delivered to " + delivery.deptCode() + " after " + attempts + " attempt(s)",
                            Detail.notice(delivery.key()), Detail.dept(delivery.deptCode()), attempts));
                    continue;
                }
                // Only a lead still waiting for this delivery moves: the department may have answered already.
                boolean moved = ledger.setStateIf(delivery.leadId(), LeadState.ROUTED, LeadState.DISPATCHED);
                ledger.appendHistory(delivery.leadId(), "dispatch", "DISPATCHED", moved ? LeadState.DISPATCHED : null, Detail.of(
                        "DISPATCHED",
                        "case " + delivery.caseNo() + " dispatch " + delivery.dispatchSeq() + " delivered to "
                                + delivery.deptCode() + " after " + attempts + " attempt(s)",
                        delivery.caseNo(), delivery.dispatchSeq(), Detail.dept(delivery.deptCode()), attempts));
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
        group.stop();
    }
}
