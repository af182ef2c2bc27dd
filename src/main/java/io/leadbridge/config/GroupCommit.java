package io.leadbridge.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit, the one mechanism for it in the bridge (the intake's pushes, queue and poll leads; the
 * delivery records): callers hand items over, one writer thread takes what has gathered, up to
 * {@code size}, waiting at most {@code linger} for more, and does the lot in one database transaction
 * ({@link Work#together}); each item's future completes after that commit. On H2 each commit stores every
 * page it changed, on PostgreSQL it is a log flush: a lot shares one.
 *
 * <p>Its fall-backs: a lot that fails for a reason of its own (a conflict: a deadlock or a raced key; or one
 * item that cannot be done) is done again item by item ({@link Work#alone}), so one bad item holds up no
 * other; with the database out of reach, either every item of the lot fails at once ({@link
 * OutOfReach#FAIL_ALL}: a caller is waiting and answers 503) or the lot is kept and tried again with a
 * back-off from 100 ms to 5 s ({@link OutOfReach#RETRY}: nobody waits, the items must not be lost). The
 * queue is bounded: past {@code bound} items waiting, {@link #submit} waits for room.
 */
public final class GroupCommit<I, O> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** What a lot is. */
    public interface Work<I, O> {
        /** Every item in one transaction; the results in the items' order. */
        List<O> together(List<I> items);

        /** One item in a transaction of its own, after its lot failed. */
        O alone(I item);

        /** The order a failed lot's items are taken alone in; by default the order they came in. */
        default Comparator<I> aloneOrder() {
            return (a, b) -> 0;
        }
    }

    /** What to do with a lot while the database is out of reach. */
    public enum OutOfReach { FAIL_ALL, RETRY }

    private record Waiting<I, O>(I item, CompletableFuture<O> result) {
    }

    private final BlockingQueue<Waiting<I, O>> waiting;
    private final int size;
    private final long lingerNanos;
    private final OutOfReach outOfReach;
    private final Work<I, O> work;
    private final Thread writer;
    private volatile boolean running = true;

    public GroupCommit(String name, int size, Duration linger, int bound, OutOfReach outOfReach, Work<I, O> work) {
        this.size = size;
        this.lingerNanos = linger.toNanos();
        this.outOfReach = outOfReach;
        this.work = work;
        this.waiting = new LinkedBlockingQueue<>(bound);
        this.writer = new Thread(this::write, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Hands an item over (waiting for room while the queue is at its bound); completes after its commit. */
    public CompletableFuture<O> submit(I item) throws InterruptedException {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("stopping: nothing more is taken"));
            return result;
        }
        waiting.put(new Waiting<>(item, result));
        return result;
    }

    /** Items handed over and not yet committed. */
    public int waiting() {
        return waiting.size();
    }

    /** Stops taking items, commits what waits (up to 30 s), fails anything left. */
    public void stop() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
        Waiting<I, O> left;
        while ((left = waiting.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("stopped before it was committed"));
        }
    }

    private void write() {
        List<Waiting<I, O>> lot = new ArrayList<>(size);
        long backOffMs = 100;
        while (running || !waiting.isEmpty() || !lot.isEmpty()) {
            try {
                if (lot.isEmpty()) {
                    Waiting<I, O> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    lot.add(first);
                    gather(lot);
                }
                commit(lot);
                lot.clear();
                backOffMs = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error failed) {
                if (outOfReach == OutOfReach.FAIL_ALL || !outOfReach(failed) || !running) {
                    lot.forEach(w -> w.result().completeExceptionally(failed));
                    lot.clear();
                    continue;
                }
                LOG.warn("{}: {} item(s) not committed yet, trying again in {} ms: {}", writer.getName(), lot.size(), backOffMs,
                        failed.toString());
                try {
                    Thread.sleep(backOffMs);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backOffMs = Math.min(backOffMs * 2, 5000);
            }
        }
        lot.forEach(w -> w.result().completeExceptionally(new IllegalStateException("stopped before it was committed")));
    }

    /** The database out of reach; a conflict (also a transient failure to Spring) is the lot's own. */
    private static boolean outOfReach(Throwable failure) {
        return DatabaseFailures.isOutOfReach(failure) && !DatabaseFailures.isConflict(failure);
    }

    /** Up to a lot, waiting at most the linger time for more to come. */
    private void gather(List<Waiting<I, O>> lot) throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        waiting.drainTo(lot, size - lot.size());
        while (lot.size() < size) {
            long left = until - System.nanoTime();
            Waiting<I, O> next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            lot.add(next);
            waiting.drainTo(lot, size - lot.size());
        }
    }

    /**
     * The lot together; if that fails other than by the database being out of reach, each alone (a lot of one only
     * after a conflict, which may not come again). Throws, with the lot
     * left holding only the items not yet done, when the database is out of reach.
     */
    private void commit(List<Waiting<I, O>> lot) {
        List<O> results;
        try {
            results = work.together(lot.stream().map(Waiting::item).toList());
        } catch (RuntimeException failed) {
            if (outOfReach(failed)) {
                throw failed;
            }
            if (lot.size() == 1 && !DatabaseFailures.isConflict(failed)) {
                lot.get(0).result().completeExceptionally(failed); // alone it would fail the same way
                return;
            }
            List<Waiting<I, O>> left = new ArrayList<>();
            // a stable sort: items the order does not tell apart stay in the order they came in
            for (Waiting<I, O> w : lot.stream().sorted(Comparator.comparing(Waiting::item, work.aloneOrder())).toList()) {
                try {
                    w.result().complete(work.alone(w.item()));
                } catch (RuntimeException one) {
                    if (outOfReach(one)) {
                        left.add(w);
                    } else {
                        w.result().completeExceptionally(one);
                    }
                }
            }
            if (!left.isEmpty()) {
                lot.retainAll(left);
                throw new DataAccessResourceFailureException(left.size() + " still to commit: the database is out of reach");
            }
            return;
        }
        for (int i = 0; i < lot.size(); i++) {
            lot.get(i).result().complete(results.get(i));
        }
    }
}
