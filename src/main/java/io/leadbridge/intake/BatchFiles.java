package io.leadbridge.intake;

import io.leadbridge.config.BridgeProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steps of the batch-file route. A file is streamed line by line; bad lines are written to the
 * file's report as they are met, so a file of any size is taken in with bounded memory. How far a
 * file has come is kept in the database with each line's lead ({@link BatchProgress}): after a crash
 * the file resumes after the last line taken in. Progress is logged with rate and ETA.
 */
@Component
public class BatchFiles {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFiles.class);
    public static final String OUTCOME = "batchOutcome";
    /** Headers the intake reads to advance a file's progress in the lead's transaction. */
    public static final String FILE_KEY = "batchFileKey";
    public static final String LINE_NO = "batchLineNo";
    static final String SKIP = "skipLine";
    private static final long LOG_EVERY_LINES = 50_000;
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(15).toNanos();

    /** The files being read now, by file key. */
    private final Map<String, Reading> running = new ConcurrentHashMap<>();
    private final Path inbox;
    private final BatchProgress progress;

    /** One file being read: where it resumed, bytes and lines seen in this run, for the rate and the ETA. */
    static final class Reading {
        final long resumedAfter;
        final long size;
        final long startedNanos = System.nanoTime();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong linesThisRun = new AtomicLong();
        volatile long lastLogNanos = startedNanos;
        volatile long lastLogLines;

        Reading(long resumedAfter, long size) {
            this.resumedAfter = resumedAfter;
            this.size = size;
        }
    }

    public BatchFiles(BridgeProperties properties, BatchProgress progress, MeterRegistry meters) {
        this.inbox = Path.of(properties.getIntake().getFile().getInbox());
        this.progress = progress;
        Gauge.builder("bridge.intake.file.remaining", running,
                        r -> r.values().stream().mapToLong(f -> Math.max(0, f.size - f.bytes.get())).sum())
                .baseUnit("bytes").description("bytes of batch files still to read").register(meters);
    }

    public void start(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        long size = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        String key = file + ":" + size + ":" + exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, 0L, Long.class);
        exchange.getMessage().setHeader(FILE_KEY, key);
        var known = progress.resumeOrStart(key, file);
        long resumeAfter = known.map(BatchProgress.Position::linesDone).orElse(0L);
        running.put(key, new Reading(resumeAfter, size));
        if (known.isPresent()) {
            LOG.info("batch file {}: resuming after line {} ({} lead line(s) and {} bad taken in before)", file, resumeAfter,
                    known.get().leadLines(), known.get().badLines());
            return;
        }
        try {
            Files.deleteIfExists(report(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("batch file {}: reading {} byte(s)", file, size);
    }

    /** A line to the bytes of one lead; a blank line, or one taken in before a crash, is passed over. */
    public void line(Exchange exchange) {
        String line = exchange.getMessage().getBody(String.class);
        Reading reading = running.get(exchange.getMessage().getHeader(FILE_KEY, String.class));
        reading.bytes.addAndGet(line.getBytes(StandardCharsets.UTF_8).length + 1L);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        long lineNo = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) + 1L;
        exchange.setProperty(SKIP, line.isBlank() || lineNo <= reading.resumedAfter);
        exchange.getMessage().setHeader(LINE_NO, lineNo);
        exchange.getMessage().setHeader("leadChannel", "FILE");
        exchange.getMessage().setHeader("leadOrigin", exchange.getMessage().getHeader(Exchange.FILE_NAME) + ":" + lineNo);
        exchange.getMessage().setBody(line.getBytes(StandardCharsets.UTF_8));
    }

    public void record(Exchange exchange) {
        IntakeResult result = exchange.getMessage().getBody(IntakeResult.class);
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        long lineNo = exchange.getMessage().getHeader(LINE_NO, Long.class);
        if (result.invalid()) {
            StringBuilder entry = new StringBuilder().append("line ").append(lineNo).append(": ")
                    .append(result.rejection().title()).append(" (kept as ").append(result.ref()).append(")\n");
            result.rejection().problems().forEach(p -> entry.append("  ").append(p.field()).append(": ").append(p.problem()).append('\n'));
            append(report(file), entry.toString());
        }
        Reading reading = running.get(exchange.getMessage().getHeader(FILE_KEY, String.class));
        long lines = reading.linesThisRun.incrementAndGet();
        long now = System.nanoTime();
        if (lines - reading.lastLogLines >= LOG_EVERY_LINES || now - reading.lastLogNanos >= LOG_EVERY_NANOS) {
            logProgress(file, lineNo, reading, lines, now);
        }
    }

    private static void logProgress(String file, long lineNo, Reading reading, long lines, long now) {
        double rate = (lines - reading.lastLogLines) / Math.max(1e-9, (now - reading.lastLogNanos) / 1e9);
        double overall = lines / Math.max(1e-9, (now - reading.startedNanos) / 1e9);
        long bytes = reading.bytes.get();
        double fraction = reading.size == 0 ? 1 : Math.min(1, (double) bytes / reading.size);
        long etaSeconds = fraction <= 0 ? -1 : Math.round((now - reading.startedNanos) / 1e9 * (1 - fraction) / fraction);
        reading.lastLogNanos = now;
        reading.lastLogLines = lines;
        LOG.info("batch file {}: line {} ({}%), {} lines/s now, {} lines/s since start, ETA {} s", file, lineNo,
                String.format("%.1f", fraction * 100), Math.round(rate), Math.round(overall), etaSeconds);
    }

    public void finish(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String key = exchange.getMessage().getHeader(FILE_KEY, String.class);
        Reading reading = running.remove(key);
        BatchProgress.Position total = progress.position(key).orElse(new BatchProgress.Position(0, 0, 0));
        progress.finished(key);
        String outcome = total.badLines() == 0 ? "done" : "error";
        exchange.getMessage().setHeader(OUTCOME, outcome);
        double seconds = (System.nanoTime() - reading.startedNanos) / 1e9;
        LOG.info("batch file {}: {} lead line(s), {} bad{}, this run {} line(s) in {} s; moved to {}/", file, total.leadLines(),
                total.badLines(), reading.resumedAfter > 0 ? " (resumed after line " + reading.resumedAfter + ")" : "",
                reading.linesThisRun.get(), String.format("%.1f", seconds), outcome);
    }

    /** Where the report of a file with bad lines goes: error/{file}.report.txt. */
    public Path report(String fileName) {
        return inbox.resolve("error").resolve(fileName + ".report.txt");
    }

    private static void append(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
