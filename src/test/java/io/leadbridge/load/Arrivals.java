package io.leadbridge.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cases arriving on the department queues for the run under way (by the eventId prefix of the
 * run): how many, when the last came, and, for leads whose hand-over time is known, the latency;
 * for pushes also when the bridge answered, kept lead by lead for a trace of the run.
 */
final class Arrivals {

    private volatile String prefix = "none";
    private volatile CountDownLatch all = new CountDownLatch(0);
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
    /** Per lead, in nanoseconds: handed over (from the run's start), answered and arrived (after hand-over; -1: no answer). */
    private final Queue<long[]> trace = new ConcurrentLinkedQueue<>();
    private volatile long startNanos;
    /** The run's start by the wall clock, to set the trace beside the bridge's log. */
    private volatile java.time.Instant started = java.time.Instant.EPOCH;
    private volatile Histogram latencies = new ConcurrentHistogram(3);
    private final AtomicLong arrived = new AtomicLong();
    private final AtomicLong stray = new AtomicLong();
    private volatile long lastNanos;
    /** When the last case of another run arrived (System.nanoTime): the end of a batch file taken in beside a run. */
    private volatile long lastStrayNanos;

    /** A new run: n cases expected for leads named LOAD{run}-... */
    void start(int run, long expected) {
        sentAt.clear();
        answeredAt.clear();
        trace.clear();
        startNanos = System.nanoTime();
        started = java.time.Instant.now();
        latencies = new ConcurrentHistogram(3);
        arrived.set(0);
        prefix = "LOAD" + run + "-";
        all = new CountDownLatch((int) expected);
    }

    void sent(String eventId, long nanos) {
        sentAt.put(eventId, nanos);
    }

    /** The bridge answered the push of this lead (2xx). */
    void answered(String eventId, long nanos) {
        answeredAt.put(eventId, nanos);
    }

    void arrived(String eventId) {
        long now = System.nanoTime();
        if (eventId == null || !eventId.startsWith(prefix)) {
            stray.incrementAndGet();
            lastStrayNanos = now;
            return;
        }
        Long sent = sentAt.remove(eventId);
        if (sent != null) {
            latencies.recordValue(now - sent);
            Long answered = answeredAt.remove(eventId);
            trace.add(new long[] {sent - startNanos, answered == null ? -1 : answered - sent, now - sent});
        }
        arrived.incrementAndGet();
        lastNanos = now;
        all.countDown();
    }

    boolean await(Duration timeout) throws InterruptedException {
        return all.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cases of other runs than the one under way, since the harness began: e.g. a batch file's beside a steady run. */
    long stray() {
        return stray.get();
    }

    /** Waits until stray() reaches count or the timeout passes; answers stray() then. */
    long awaitStray(long count, Duration timeout) {
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> stray.get() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the caller says how many came
        }
        return stray.get();
    }

    long lastStrayNanos() {
        return lastStrayNanos;
    }

    long arrived() {
        return arrived.get();
    }

    long lastNanos() {
        return lastNanos;
    }

    java.time.Instant started() {
        return started;
    }

    Histogram latencies() {
        return latencies;
    }

    /**
     * The run lead by lead, in the order handed over: sent_ms (from the run's start), answered_ms and arrived_ms (after
     * hand-over; answered empty when not a push). Returns the answers' 99th percentile in ms (NaN when none).
     */
    double writeTrace(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("sent_ms,answered_ms,arrived_ms\n");
        Histogram answers = new Histogram(3);
        trace.stream().sorted(Comparator.comparingLong(t -> t[0])).forEach(t -> {
            csv.append(String.format("%.1f,%s,%.1f%n", t[0] / 1e6, t[1] < 0 ? "" : String.format("%.1f", t[1] / 1e6), t[2] / 1e6));
            if (t[1] >= 0) {
                answers.recordValue(t[1]);
            }
        });
        Files.writeString(file, csv);
        return answers.getTotalCount() == 0 ? Double.NaN : answers.getValueAtPercentile(99) / 1e6;
    }
}
