package io.leadbridge.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cases arriving on the department queues for the run under way (by the eventId prefix of the
 * run): how many, when the last came, and, for leads whose hand-over time is known, the latency.
 */
final class Arrivals {

    private volatile String prefix = "none";
    private volatile CountDownLatch all = new CountDownLatch(0);
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private volatile Histogram latencies = new ConcurrentHistogram(3);
    private final AtomicLong arrived = new AtomicLong();
    private final AtomicLong stray = new AtomicLong();
    private volatile long lastNanos;

    /** A new run: n cases expected for leads named LOAD{run}-... */
    void start(int run, long expected) {
        sentAt.clear();
        latencies = new ConcurrentHistogram(3);
        arrived.set(0);
        stray.set(0);
        prefix = "LOAD" + run + "-";
        all = new CountDownLatch((int) expected);
    }

    void sent(String eventId, long nanos) {
        sentAt.put(eventId, nanos);
    }

    void arrived(String eventId) {
        long now = System.nanoTime();
        if (eventId == null || !eventId.startsWith(prefix)) {
            stray.incrementAndGet();
            return;
        }
        Long sent = sentAt.remove(eventId);
        if (sent != null) {
            latencies.recordValue(now - sent);
        }
        arrived.incrementAndGet();
        lastNanos = now;
        all.countDown();
    }

    boolean await(Duration timeout) throws InterruptedException {
        return all.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long arrived() {
        return arrived.get();
    }

    long lastNanos() {
        return lastNanos;
    }

    Histogram latencies() {
        return latencies;
    }
}
