package io.leadbridge.intake;

import io.leadbridge.config.BridgeProperties;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steps of the batch-file route. Bad lines are written to the file's report as they are met,
 * so a file of any size is taken in with bounded memory.
 */
@Component
public class BatchFiles {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFiles.class);
    public static final String OUTCOME = "batchOutcome";

    /** Counts for the files being read now, by absolute path. */
    private final Map<String, Counts> running = new ConcurrentHashMap<>();
    private final Path inbox;

    record Counts(AtomicLong lines, AtomicLong bad, long startedNanos) {
    }

    public BatchFiles(BridgeProperties properties) {
        this.inbox = Path.of(properties.getIntake().getFile().getInbox());
    }

    public void start(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        running.put(key(exchange), new Counts(new AtomicLong(), new AtomicLong(), System.nanoTime()));
        try {
            Files.deleteIfExists(report(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("batch file {}: reading", file);
    }

    /** A line to the bytes of one lead; a blank line is passed over. */
    public void line(Exchange exchange) {
        String line = exchange.getMessage().getBody(String.class);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        int lineNo = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) + 1;
        exchange.setProperty("blankLine", line.isBlank());
        exchange.getMessage().setHeader("leadChannel", "FILE");
        exchange.getMessage().setHeader("leadOrigin", exchange.getMessage().getHeader(Exchange.FILE_NAME) + ":" + lineNo);
        exchange.getMessage().setBody(line.getBytes(StandardCharsets.UTF_8));
    }

    public void record(Exchange exchange) {
        IntakeResult result = exchange.getMessage().getBody(IntakeResult.class);
        Counts counts = running.get(key(exchange));
        counts.lines().incrementAndGet();
        if (result.invalid()) {
            counts.bad().incrementAndGet();
            String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
            int lineNo = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) + 1;
            StringBuilder entry = new StringBuilder().append("line ").append(lineNo).append(": ")
                    .append(result.rejection().title()).append(" (kept as ").append(result.ref()).append(")\n");
            result.rejection().problems().forEach(p -> entry.append("  ").append(p.field()).append(": ").append(p.problem()).append('\n'));
            append(report(file), entry.toString());
        }
    }

    public void finish(Exchange exchange) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        Counts counts = running.remove(key(exchange));
        long bad = counts.bad().get();
        String outcome = bad == 0 ? "done" : "error";
        exchange.getMessage().setHeader(OUTCOME, outcome);
        double seconds = (System.nanoTime() - counts.startedNanos()) / 1e9;
        LOG.info("batch file {}: {} lead line(s), {} bad, in {} s; moved to {}/", file, counts.lines().get(), bad,
                String.format("%.1f", seconds), outcome);
    }

    private static String key(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class);
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
