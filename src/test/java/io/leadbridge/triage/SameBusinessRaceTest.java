package io.leadbridge.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.config.DatabaseFailures;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two reports of one business taken in at the same moment by two transactions (as two instances would): the
 * second waits on the place's lock while the first is not committed, then finds it (issue 17, point 2). Without
 * the lock the second would look while the first is uncommitted, find nothing, and make a second case.
 */
@BridgeTest
class SameBusinessRaceTest {

    @Autowired
    SameBusiness check;
    @Autowired
    LeadLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    /** A lead with a case, as the first report's transaction leaves it. */
    long reportWithCase(ObjectNode lead, Business business, String caseNo) {
        long id = ledger.insertValid(lead.get("eventId").asText() + "-" + caseNo, 1, "PUSH", "test",
                lead.path("grid").path("townCode").asText(), null, lead.toString(), business.placeKey(), null);
        jdbc.sql("UPDATE lead SET state = 'DISPATCHED', case_no = ?, dept_code = 'AMR' WHERE id = ?").params(caseNo, id).update();
        return id;
    }

    @Test
    void theSecondOfTwoReportsAtOnceWaitsForTheFirstAndFindsIt() throws Exception {
        ObjectNode lead = Leads.routedTo("CULTURE");
        Business business = check.business(io.leadbridge.lead.Lead.of(lead));
        TransactionTemplate tx = new TransactionTemplate(transactions);
        CountDownLatch firstChecked = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        CompletableFuture<Optional<SameBusiness.Finding>> first = CompletableFuture.supplyAsync(() -> tx.execute(s -> {
            long id = reportWithCase(lead, business, "QWRACE1");
            Optional<SameBusiness.Finding> found = check.check(id, business);
            firstChecked.countDown();
            try {
                assertThat(commitFirst.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return found;
        }));
        assertThat(firstChecked.await(30, TimeUnit.SECONDS)).isTrue();
        long waitingBefore = waitingOnLocks();
        CompletableFuture<Optional<SameBusiness.Finding>> second = CompletableFuture.supplyAsync(() -> {
            while (true) {
                try {
                    return tx.execute(s -> check.check(reportWithCase(lead, business, "QWRACE2"), business));
                } catch (RuntimeException conflict) {
                    if (!DatabaseFailures.isConflict(conflict)) {
                        throw conflict;
                    }
                    // taken again, as the intake does with a conflict: now the first is committed
                }
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnLocks() > waitingBefore || second.isDone());
        assertThat(second.isDone()).as("the second report waits while the first is not committed").isFalse();
        commitFirst.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEmpty();
        Optional<SameBusiness.Finding> found = second.get(30, TimeUnit.SECONDS);
        assertThat(found).isPresent();
        assertThat(found.get().relation()).isEqualTo("DUPLICATE");
        assertThat(found.get().open().caseNo()).isEqualTo("QWRACE1");
    }

    /**
     * Sessions waiting for a lock now: on H2, a statement on place_lock still running in another session (H2 shows no
     * blocker for a row's key); on PostgreSQL, a backend waiting for a lock.
     */
    long waitingOnLocks() {
        boolean h2 = jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'SESSIONS'")
                .query(Long.class).single() > 0;
        return h2 ? jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_STATE = 'RUNNING'"
                        + " AND EXECUTING_STATEMENT LIKE '%place_lock%' AND SESSION_ID <> SESSION_ID()").query(Long.class).single()
                : jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").query(Long.class).single();
    }
}
