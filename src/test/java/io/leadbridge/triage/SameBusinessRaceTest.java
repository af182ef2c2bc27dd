package io.leadbridge.triage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.config.DatabaseFailures;
import io.leadbridge.ledger.LeadLedger;
import io.leadbridge.reference.Towns;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    @Autowired
    DataSource dataSource;
    @Autowired
    Towns towns;

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
     * The check closes every statement it opens before it returns. One it left open (JdbcClient's stream(), never
     * closed) stayed open until the transaction's connection went back to the pool, and H2 cannot reuse a statement
     * still open: it parsed that query again for every lead of a group commit (docs/performance.md, stop 46).
     */
    @Test
    void theCheckLeavesNoStatementOpen() {
        ObjectNode lead = Leads.routedTo("CULTURE");
        Business business = check.business(io.leadbridge.lead.Lead.of(lead));
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(s -> reportWithCase(lead, business, "QWOPEN1"));
        long second = tx.execute(s -> ledger.insertValid(lead.get("eventId").asText() + "-second", 1, "PUSH", "test",
                lead.path("grid").path("townCode").asText(), null, lead.toString(), business.placeKey(), null));

        Set<Statement> open = ConcurrentHashMap.newKeySet();
        DataSource counted = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                return statementsTracked(super.getConnection(), open);
            }
        };
        SameBusiness checkCounted = new SameBusiness(JdbcClient.create(counted), towns, 0.75, 50);
        new TransactionTemplate(new DataSourceTransactionManager(counted)).executeWithoutResult(s -> {
            for (int i = 0; i < 2; i++) {
                Optional<SameBusiness.Finding> found = checkCounted.check(second, business);
                assertThat(found).isPresent();
                assertThat(found.get().open().caseNo()).isEqualTo("QWOPEN1");
                assertThat(open).as("statements the check left open").isEmpty();
            }
            s.setRollbackOnly();
        });
    }

    /** The connection, its statements put in {@code open} until they are closed. */
    static Connection statementsTracked(Connection connection, Set<Statement> open) {
        return (Connection) Proxy.newProxyInstance(SameBusinessRaceTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (result instanceof Statement statement) {
                        return trackedStatement(statement, open);
                    }
                    return result;
                });
    }

    private static Statement trackedStatement(Statement statement, Set<Statement> open) {
        Statement tracked = (Statement) Proxy.newProxyInstance(SameBusinessRaceTest.class.getClassLoader(), interfacesOf(statement),
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        open.remove((Statement) proxy);
                    }
                    return invoke(statement, method, args);
                });
        open.add(tracked);
        return tracked;
    }

    private static Class<?>[] interfacesOf(Statement statement) {
        Set<Class<?>> all = new java.util.LinkedHashSet<>();
        for (Class<?> c = statement.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (Statement.class.isAssignableFrom(i)) {
                    all.add(i);
                }
            }
        }
        return all.toArray(Class<?>[]::new);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
