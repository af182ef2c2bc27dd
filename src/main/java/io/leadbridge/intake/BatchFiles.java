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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steps of the batch-file route. A file is streamed in chunks of lines, each chunk taken in by
 * the intake in one transaction; bad lines are written to the file's report as they are met, so a
 * file of any size is taken in with bounded memory. How far a file has come is kept in the database
 * with each chunk's leads ({@link BatchProgress}): after a crash the file resumes after the last
 * line taken in. Progress is logged with rate and ETA.
 */
@Component
public class BatchFiles {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFiles.class);
    public static final String OUTCOME = "batchOutcome";
    static final String FILE_KEY = "batchFileKey";
    private static final long LOG_EVERY_LINES = 50_000;
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(15).toNanos();

    /** The files being read now, by file key. */
    private final Map<String, Reading> running = new ConcurrentHashMap<>();
    private final Path inbox;
    private final BatchProgress progress;
    private final LeadIntake intake;
    private final int chunkLines;

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

    public BatchFiles(BridgeProperties properties, BatchProgress progress, LeadIntake intake, MeterRegistry meters) {
        this.inbox = Path.of(properties.getIntake().getFile().getInbox());
        this.chunkLines = properties.getIntake().getFile().getChunkLines();
        this.progress = progress;
        this.intake = intake;
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

    /**
     * A chunk of lines (the split's group of {@code chunk-lines}) taken in in one transaction; blank lines
     * and lines taken in before a crash are passed over. Body out: the dispatch keys of the cases made.
     */
    public List<String> chunk(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String key = exchange.getMessage().getHeader(FILE_KEY, String.class);
        Reading reading = running.get(key);
        long lineNo = (long) exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) * chunkLines;
        List<LeadIntake.FileLine> lines = new ArrayList<>(chunkLines);
        for (String line : text.split("\n", -1)) {
            lineNo++;
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            reading.bytes.addAndGet(bytes.length + 1L);
            if (line.endsWith("\r")) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            if (!line.isBlank() && lineNo > reading.resumedAfter) {
                lines.add(new LeadIntake.FileLine(lineNo, file + ":" + lineNo, bytes));
            }
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        List<IntakeResult> results = intake.acceptChunk(lines, key, lines.get(lines.size() - 1).lineNo());
        List<String> dispatchKeys = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            IntakeResult result = results.get(i);
            if (result.invalid()) {
                report(file, lines.get(i).lineNo(), result);
            } else if (result.hasDispatch()) {
                dispatchKeys.add(result.dispatchKey());
            }
        }
        long done = reading.linesThisRun.addAndGet(lines.size());
        long now = System.nanoTime();
        if (done - reading.lastLogLines >= LOG_EVERY_LINES || now - reading.lastLogNanos >= LOG_EVERY_NANOS) {
            logProgress(file, lineNo, reading, done, now);
        }
        return dispatchKeys;
    }

    private void report(String file, long lineNo, IntakeResult result) {
        StringBuilder entry = new StringBuilder().append("line ").append(lineNo).append(": ")
                .append(result.rejection().title()).append(" (kept as ").append(result.ref()).append(")\n");
        result.rejection().problems().forEach(p -> entry.append("  ").append(p.field()).append(": ").append(p.problem()).append('\n'));
        append(report(file), entry.toString());
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
