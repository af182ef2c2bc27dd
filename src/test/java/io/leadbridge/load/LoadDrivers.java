package io.leadbridge.load;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import org.HdrHistogram.Histogram;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Drives leads into the bridge by each way in, and waits for their cases on the department queues. */
final class LoadDrivers {

    static final String KEY = "load-harness-key";

    private final ConnectionFactory jms;
    /** Every instance's push address: leads go to them in turn. */
    private final List<URI> pushUris;
    private final LeadSource leads;
    private final Arrivals arrivals;
    private final Path data;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private int run;
    /** The run and size of the last push run: what {@link #repush} sends again. */
    private int lastPushRun;
    private long lastPushLeads;
    /** The run and size of the last queue run: what {@link #requeue} sends again. */
    private int lastQueueRun;
    private long lastQueueLeads;

    LoadDrivers(ConnectionFactory jms, List<Integer> ports, LeadSource leads, DepartmentQueues departments, Path data) {
        this(jms, ports, leads, departments, data, 0);
    }

    /** runsBefore: runs of earlier drivers on the same data, so that this one's eventIds are new. */
    LoadDrivers(ConnectionFactory jms, List<Integer> ports, LeadSource leads, DepartmentQueues departments, Path data, int runsBefore) {
        this.run = runsBefore;
        this.jms = jms;
        this.pushUris = ports.stream().map(port -> URI.create("http://127.0.0.1:" + port + "/api/v1/leads")).toList();
        this.leads = leads;
        this.arrivals = departments.arrivals;
        this.data = data;
    }

    /** n leads pushed by k clients as fast as the bridge takes them (a 429 is retried after a moment). */
    LoadHarness.Result push(long n, int clients) throws Exception {
        int r = ++run;
        arrivals.start(r, n);
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long start = System.nanoTime();
        parallel(clients, () -> {
            for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                pushOne(r, i, refused);
            }
        });
        handedOver("push", n, start);
        if (refused.get() > 0) {
            System.out.printf("push: %,d answers were 429 (back-pressure) and sent again%n", refused.get());
        }
        lastPushRun = r;
        lastPushLeads = n;
        return finish("push (" + clients + " clients)", n, start);
    }

    /**
     * The push path's floor: the last push run's leads pushed again, as they were, by k clients. Each is held already,
     * so the bridge answers 200 DUPLICATE from one read in the intake's group commit and writes, queues and delivers
     * nothing: what the HTTP path, the key, the schema, binding the lead and the hand-off to the intake cost on their
     * own. Timed to the last answer; its latencies are the answers'.
     */
    LoadHarness.Result repush(int clients) throws Exception {
        if (lastPushRun == 0) {
            throw new IllegalArgumentException("--modes: repush sends the last push run again; put push before it");
        }
        int r = lastPushRun;
        long n = lastPushLeads;
        Histogram answers = new org.HdrHistogram.ConcurrentHistogram(3);
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        LoadHarness.peakHeapMb();
        long start = System.nanoTime();
        parallel(clients, () -> {
            for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                long sent = System.nanoTime();
                int status = send(r, i, refused);
                if (status != 200) {
                    throw new IllegalStateException("a push sent again answered " + status + ", not 200 (DUPLICATE)");
                }
                answers.recordValue(System.nanoTime() - sent);
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new LoadHarness.Result("push again: DUPLICATE (" + clients + " clients)", n, seconds,
                answers.getValueAtPercentile(50), answers.getValueAtPercentile(99), answers.getMaxValue(), 0,
                LoadHarness.peakHeapMb());
    }

    /** n leads sent to sgs.leads by k producers, each send durable (it returns once the broker has it). */
    LoadHarness.Result queue(long n, int producers) throws Exception {
        int r = ++run;
        arrivals.start(r, n);
        long start = System.nanoTime();
        enqueue(r, n, producers, i -> arrivals.sent(LeadSource.eventId(r, i), System.nanoTime()));
        handedOver("queue", n, start);
        lastQueueRun = r;
        lastQueueLeads = n;
        return finish("queue (" + producers + " producers)", n, start);
    }

    /**
     * The queue path's floor: the last queue run's leads sent again by k producers. Each is held already, so the
     * bridge's queue consumers take each off the queue as a DUPLICATE and write, queue and deliver nothing. Timed from
     * the first send until the intake's queue route has completed every one of them, each counted DUPLICATE
     * (bridge_intake_total{channel="QUEUE",outcome="DUPLICATE"}).
     */
    LoadHarness.Result requeue(int producers, org.apache.camel.CamelContext camel,
            io.micrometer.core.instrument.MeterRegistry meters) throws Exception {
        if (lastQueueRun == 0) {
            throw new IllegalArgumentException("--modes: requeue sends the last queue run again; put queue before it");
        }
        int r = lastQueueRun;
        long n = lastQueueLeads;
        org.apache.camel.builder.NotifyBuilder taken = new org.apache.camel.builder.NotifyBuilder(camel).fromRoute("intake-queue")
                .whenCompleted((int) n).create();
        io.micrometer.core.instrument.Counter duplicates = meters.counter("bridge.intake", "channel", "QUEUE", "outcome", "DUPLICATE");
        double duplicatesBefore = duplicates.count();
        LoadHarness.peakHeapMb();
        long start = System.nanoTime();
        enqueue(r, n, producers, i -> { });
        if (!taken.matches(60 + n / 50, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the queue's repeats were not all taken in");
        }
        long counted = Math.round(duplicates.count() - duplicatesBefore);
        if (counted != n) {
            throw new IllegalStateException(String.format("the queue's repeats: %,d of %,d taken in as DUPLICATE", counted, n));
        }
        return new LoadHarness.Result("queue again: DUPLICATE (" + producers + " producers)", n, (System.nanoTime() - start) / 1e9,
                Double.NaN, Double.NaN, Double.NaN, 0, LoadHarness.peakHeapMb());
    }

    /** Leads 0 to n-1 of run r sent to sgs.leads by k producers, each send durable; {@code sending} is told of each first. */
    private void enqueue(int r, long n, int producers, java.util.function.LongConsumer sending) throws Exception {
        AtomicLong next = new AtomicLong();
        parallel(producers, () -> {
            try (JMSContext context = jms.createContext()) {
                JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
                Queue queue = context.createQueue("sgs.leads");
                for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    String lead = leads.lead(r, i);
                    sending.accept(i);
                    producer.send(queue, lead);
                }
            }
        });
    }

    /** When the last lead was answered (push) or sent (queue): the rate of taking in, beside the end-to-end rate. */
    private static void handedOver(String way, long n, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: all %,d handed over after %.1f s (%,.0f/s)%n", way, n, seconds, n / seconds);
    }

    /** A batch file of n lines, written beside the inbox, then moved in; timed from the move. */
    LoadHarness.Result file(long n) throws Exception {
        int r = ++run;
        Path file = batchFile(r, n);
        arrivals.start(r, n);
        LoadHarness.peakHeapMb();
        long start = System.nanoTime();
        Files.move(file, data.resolve("inbox").resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        return finish("batch file", n, start);
    }

    /**
     * The steady pushes while a batch file of n lines is being taken in (a survey's backlog dropped in the inbox as
     * Smart-Grid pushes as usual): the file moved in, then the steady run at once. Only the pushes are timed (the
     * file's cases are another run's); then waits until the file's cases have all arrived too, so that the next run
     * does not pay for them.
     */
    LoadHarness.Result steadyBesideFile(int perSecond, int seconds, long n) throws Exception {
        int r = ++run;
        Path file = batchFile(r, n);
        long strayBefore = arrivals.stray();
        long moved = System.nanoTime();
        Files.move(file, data.resolve("inbox").resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        LoadHarness.Result pushes = steady("steady push " + perSecond + "/s beside a batch file", perSecond, seconds);
        long fileDone = arrivals.awaitStray(strayBefore + n, Duration.ofSeconds(60 + n / 50)) - strayBefore;
        if (fileDone <= 0) {
            System.out.printf("steady beside a file: none of the file's %,d cases arrived%n", n);
            return pushes;
        }
        double fileSeconds = (arrivals.lastStrayNanos() - moved) / 1e9;
        System.out.printf("steady beside a file: %,d of the file's %,d cases arrived, the last %.1f s after the move (%,.0f/s)%n",
                fileDone, n, fileSeconds, fileDone / fileSeconds);
        return pushes;
    }

    private Path batchFile(int r, long n) throws IOException {
        Path file = data.resolve("load-" + r + ".ndjson");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < n; i++) {
                out.write(leads.lead(r, i));
                out.write('\n');
            }
        }
        System.out.printf("file: %,d lines, %,d MB written%n", n, Files.size(file) >> 20);
        return file;
    }

    /** n leads offered at once on Smart-Grid's poll API, taken by the bridge's poll a page at a time; timed from the offer. */
    LoadHarness.Result poll(SmartGridFeed feed, long n) throws Exception {
        int r = ++run;
        List<String> page = new java.util.ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            page.add(leads.lead(r, i));
        }
        arrivals.start(r, n);
        long start = System.nanoTime();
        feed.offer(page);
        return finish("poll", n, start);
    }

    /** A steady rate of pushes (one client per lead in flight), for latency at a given load. */
    LoadHarness.Result steady(int perSecond, int seconds) throws Exception {
        return steady("steady push " + perSecond + "/s", perSecond, seconds);
    }

    private LoadHarness.Result steady(String name, int perSecond, int seconds) throws Exception {
        int r = ++run;
        long n = (long) perSecond * seconds;
        arrivals.start(r, n);
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        ticks.scheduleAtFixedRate(() -> {
            long i = next.getAndIncrement();
            if (i < n) {
                senders.submit(() -> pushOne(r, i, refused));
            }
        }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
        LoadHarness.Result result = finish(name, n, start, seconds);
        ticks.shutdownNow();
        senders.shutdownNow();
        // where the slow ones were: answered late (taking in) or delivered late (routing, dispatch)
        Path trace = data.resolve("steady-" + r + ".csv");
        System.out.printf("steady: answers p99 %.1f ms; each lead in %s (sent_ms from %s)%n",
                arrivals.writeTrace(trace), trace, arrivals.started());
        return result;
    }

    private void pushOne(int r, long i, AtomicLong refused) {
        String id = LeadSource.eventId(r, i);
        arrivals.sent(id, System.nanoTime());
        if (send(r, i, refused) != 0) {
            arrivals.answered(id, System.nanoTime());
        }
    }

    /** Lead i of run r pushed until it is answered 200 or 202 (a 429 or 503 is sent again): the status, 0 if interrupted. */
    private int send(int r, long i, AtomicLong refused) {
        String id = LeadSource.eventId(r, i);
        HttpRequest request = HttpRequest.newBuilder(pushUris.get((int) (i % pushUris.size()))).header("X-Api-Key", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(leads.lead(r, i))).build();
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 202 || answer.statusCode() == 200) {
                    return answer.statusCode();
                }
                if (answer.statusCode() != 429 && answer.statusCode() != 503 || attempt > 1000) {
                    throw new IllegalStateException("push of " + id + " answered " + answer.statusCode());
                }
                refused.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }

    private LoadHarness.Result finish(String name, long n, long start) throws InterruptedException {
        return finish(name, n, start, 0);
    }

    /**
     * Waits for every case of the run (at most 50 leads/s plus a minute, after the {@code sending} seconds the
     * leads take to be handed over), then sums it up.
     */
    private LoadHarness.Result finish(String name, long n, long start, long sending) throws InterruptedException {
        boolean complete = arrivals.await(Duration.ofSeconds(sending + 60 + n / 50));
        long end = complete ? arrivals.lastNanos() : System.nanoTime();
        Histogram latencies = arrivals.latencies();
        boolean timed = latencies.getTotalCount() > 0;
        return new LoadHarness.Result(name, n, (end - start) / 1e9,
                timed ? latencies.getValueAtPercentile(50) : Double.NaN, timed ? latencies.getValueAtPercentile(99) : Double.NaN,
                timed ? latencies.getMaxValue() : Double.NaN, n - arrivals.arrived(), LoadHarness.peakHeapMb());
    }

    /** Runs the task on k threads and waits for them all. */
    static void parallel(int k, ThrowingRunnable task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < k; t++) {
                running.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
