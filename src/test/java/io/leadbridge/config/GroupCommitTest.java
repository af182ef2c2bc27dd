package io.leadbridge.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The group commit's lots and its fall-back paths, with a stand-in for the database. */
class GroupCommitTest {

    /** Records every lot and every lone item; what a lot does is given by the test. */
    static final class Recording implements GroupCommit.Work<Integer, String> {
        final List<List<Integer>> lots = new CopyOnWriteArrayList<>();
        final List<Integer> alone = new CopyOnWriteArrayList<>();
        volatile Function<List<Integer>, List<String>> together = items -> items.stream().map(i -> "done " + i).toList();
        volatile Function<Integer, String> one = i -> "alone " + i;
        volatile Comparator<Integer> aloneOrder = (a, b) -> 0;

        /** Work whose lots of more than one item fail on a conflict (as a deadlock with a batch file's chunk would). */
        static Recording lotsConflict() {
            Recording work = new Recording();
            work.together = items -> {
                if (items.size() > 1) {
                    throw new CannotAcquireLockException("deadlock with a batch file's chunk");
                }
                return List.of("done " + items.get(0));
            };
            return work;
        }

        @Override
        public List<String> together(List<Integer> items) {
            lots.add(items);
            return together.apply(items);
        }

        @Override
        public String alone(Integer item) {
            alone.add(item);
            return one.apply(item);
        }

        @Override
        public Comparator<Integer> aloneOrder() {
            return aloneOrder;
        }
    }

    final List<GroupCommit<Integer, String>> started = new ArrayList<>();

    GroupCommit<Integer, String> group(int size, int bound, GroupCommit.OutOfReach outOfReach, Recording work) {
        GroupCommit<Integer, String> group = new GroupCommit<>("test-group-commit", size, Duration.ZERO, bound, outOfReach, work);
        started.add(group);
        return group;
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (GroupCommit<Integer, String> group : started) {
            group.stop();
        }
    }

    @Test
    void itemsThatWaitTogetherShareOneCommit() throws Exception {
        Recording work = new Recording();
        CountDownLatch firstLotIn = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        work.together = items -> {
            firstLotIn.countDown();
            hold(release);
            return items.stream().map(i -> "done " + i).toList();
        };
        GroupCommit<Integer, String> group = group(50, 1000, GroupCommit.OutOfReach.FAIL_ALL, work);
        CompletableFuture<String> first = group.submit(0);
        assertThat(firstLotIn.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> more = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            more.add(group.submit(i));
        }
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
        for (int i = 0; i < more.size(); i++) {
            assertThat(more.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done " + (i + 1));
        }
        assertThat(work.lots).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    }

    @Test
    void aConflictInALotTakesEachAlone() throws Exception {
        Recording work = Recording.lotsConflict();
        work.one = i -> {
            if (i == 3) {
                throw new IllegalArgumentException("lead 3 cannot be recorded");
            }
            return "alone " + i;
        };
        CountDownLatch release = holdFirstLot(work);
        GroupCommit<Integer, String> group = group(50, 1000, GroupCommit.OutOfReach.FAIL_ALL, work);
        CompletableFuture<String> first = group.submit(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> work.lots.size() == 1);
        List<CompletableFuture<String>> lot = List.of(group.submit(1), group.submit(2), group.submit(3), group.submit(4));
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
        assertThat(lot.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("alone 1");
        assertThat(lot.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("alone 2");
        assertThatThrownBy(() -> lot.get(2).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(lot.get(3).get(10, TimeUnit.SECONDS)).isEqualTo("alone 4");
        assertThat(work.alone).as("each of the failed lot, one transaction each").containsExactly(1, 2, 3, 4);
    }

    @Test
    void aFailedLotIsTakenAloneInTheOrderTheWorkGives() throws Exception {
        Recording work = Recording.lotsConflict();
        work.aloneOrder = Comparator.comparing(i -> i % 2); // the even ones first, each kept in the order it came
        CountDownLatch release = holdFirstLot(work);
        GroupCommit<Integer, String> group = group(50, 1000, GroupCommit.OutOfReach.FAIL_ALL, work);
        group.submit(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> work.lots.size() == 1);
        List<CompletableFuture<String>> lot = List.of(group.submit(5), group.submit(2), group.submit(3), group.submit(8));
        release.countDown();

        for (CompletableFuture<String> item : lot) {
            assertThat(item.get(10, TimeUnit.SECONDS)).startsWith("alone ");
        }
        assertThat(work.alone).containsExactly(2, 8, 5, 3);
    }

    @Test
    void theDatabaseOutOfReachFailsTheWholeLotAtOnce() throws Exception {
        Recording work = new Recording();
        CountDownLatch release = holdFirstLot(work);
        Function<List<Integer>, List<String>> held = work.together;
        work.together = items -> {
            if (items.contains(1)) {
                throw new DataAccessResourceFailureException("connection refused");
            }
            return held.apply(items);
        };
        GroupCommit<Integer, String> group = group(50, 1000, GroupCommit.OutOfReach.FAIL_ALL, work);
        group.submit(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> work.lots.size() == 1);
        List<CompletableFuture<String>> lot = List.of(group.submit(1), group.submit(2), group.submit(3));
        release.countDown();

        for (CompletableFuture<String> item : lot) {
            assertThatThrownBy(() -> item.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessResourceFailureException.class);
        }
        assertThat(work.alone).as("nothing is tried alone against a database out of reach").isEmpty();
    }

    @Test
    void withRetryALotWaitsOutTheOutageAndIsCommitted() throws Exception {
        Recording work = new Recording();
        AtomicInteger refusals = new AtomicInteger(2);
        work.together = items -> {
            if (refusals.getAndDecrement() > 0) {
                throw new DataAccessResourceFailureException("connection refused");
            }
            return items.stream().map(i -> "done " + i).toList();
        };
        GroupCommit<Integer, String> group = group(50, 1000, GroupCommit.OutOfReach.RETRY, work);

        assertThat(group.submit(7).get(10, TimeUnit.SECONDS)).isEqualTo("done 7");
        assertThat(work.lots).hasSize(3);
    }

    @Test
    void pastTheBoundASubmitWaitsForRoom() throws Exception {
        Recording work = new Recording();
        CountDownLatch release = holdFirstLot(work);
        GroupCommit<Integer, String> group = group(1, 2, GroupCommit.OutOfReach.FAIL_ALL, work);
        group.submit(0); // taken by the writer, which is held
        await().atMost(Duration.ofSeconds(10)).until(() -> work.lots.size() == 1);
        group.submit(1);
        group.submit(2); // the queue is at its bound of 2

        CompletableFuture<CompletableFuture<String>> fourth = new CompletableFuture<>();
        Thread submitter = new Thread(() -> {
            try {
                fourth.complete(group.submit(3));
            } catch (InterruptedException e) {
                fourth.completeExceptionally(e);
            }
        });
        submitter.start();
        await("no room: the fourth item's caller waits").atMost(Duration.ofSeconds(10))
                .until(() -> submitter.getState() == Thread.State.WAITING);
        assertThat(fourth).isNotDone();
        assertThat(group.waiting()).isEqualTo(2);

        release.countDown();
        assertThat(fourth.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isEqualTo("done 3");
    }

    /** The first lot waits inside its commit until the latch it returns is released. */
    private static CountDownLatch holdFirstLot(Recording work) {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lots = new AtomicInteger();
        Function<List<Integer>, List<String>> then = work.together;
        work.together = items -> {
            if (lots.getAndIncrement() == 0) {
                hold(release);
            }
            return then.apply(items);
        };
        return release;
    }

    private static void hold(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
