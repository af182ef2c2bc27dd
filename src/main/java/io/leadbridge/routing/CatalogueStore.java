package io.leadbridge.routing;

import io.leadbridge.config.BridgeProperties;
import io.leadbridge.config.Hashes;
import io.leadbridge.reference.Departments;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the catalogue in use and switches it, whole and at once: a decision reads the reference
 * once, so it is made wholly by the old or wholly by the new catalogue. A new catalogue is parsed
 * and checked before anything changes; a refused one never replaces the one in use.
 *
 * <p>Sources of a switch: the catalogue file in config/ (checked every few seconds), an upload,
 * a restore of an earlier version, a what-if apply. Each loaded version is kept in the database
 * with who loaded it and when; the latest activation is the one in use, and every instance
 * follows it, so a switch on one reaches all.
 */
@Component
public class CatalogueStore {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueStore.class);

    public static final String FILE = "FILE";
    public static final String UPLOAD = "UPLOAD";
    public static final String RESTORE = "RESTORE";
    public static final String WHAT_IF = "WHAT_IF_APPLY";

    /** Why the last catalogue offered was refused. */
    public record Refusal(OffsetDateTime at, String source, String fileName, List<CatalogueProblem> problems) {
    }

    private final CatalogueParser parser;
    private final CatalogueVersions versions;
    private final TransactionTemplate transaction;
    private final Path file;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<Catalogue> current = new AtomicReference<>();
    private volatile Refusal lastRefusal;
    private final MultiGauge versionGauge;
    private volatile String refusedFileHash;

    public CatalogueStore(BridgeProperties properties, Departments departments, CatalogueVersions versions,
                          PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
        this.parser = new CatalogueParser(departments.codes());
        this.versions = versions;
        this.transaction = new TransactionTemplate(transactions);
        this.file = properties.configFile(properties.getCatalogueFile());
        this.clock = clock;
        this.meters = meters;
        this.versionGauge = MultiGauge.builder("bridge.catalogue.version").description("1 for the catalogue version in use")
                .register(meters);
        start();
        Gauge.builder("bridge.catalogue.terms", () -> current().termCount()).description("terms in the catalogue in use")
                .register(meters);
        Gauge.builder("bridge.catalogue.entries", () -> current().entries().size()).register(meters);
    }

    private void start() {
        byte[] content = readFile();
        String fileHash = content == null ? null : Hashes.sha256(content);
        var active = versions.active();
        if (active.isPresent() && (content == null || fileHash.equals(versions.lastFileHash().orElse(null)))) {
            // The file has not changed since it was last loaded: keep the version in use (it may be an upload).
            follow(active.get().version());
            return;
        }
        if (content == null) {
            throw new UncheckedIOException(new NoSuchFileException(file.toAbsolutePath().toString(), null,
                    "no keyword catalogue: the bridge cannot route without one"));
        }
        try {
            install(file.toString(), content, FILE, "config-file", fileHash);
        } catch (CatalogueRejectedException refused) {
            if (active.isEmpty()) {
                throw refused;
            }
            refusedFile(fileHash, refused);
            follow(active.get().version());
        }
    }

    public Catalogue current() {
        return current.get();
    }

    public Refusal lastRefusal() {
        return lastRefusal;
    }

    /** Parses and checks a catalogue (CSV or XLSX) without putting it in use: for what-if. */
    public Catalogue parse(String fileName, byte[] content) {
        try {
            return parser.parse(fileName, CatalogueFormats.toCsv(fileName, content));
        } catch (CatalogueRejectedException refused) {
            lastRefusal = new Refusal(OffsetDateTime.now(clock), "CHECK", fileName, refused.problems());
            throw refused;
        }
    }

    /** Puts an uploaded (or what-if) catalogue in use; throws, keeping the old one, when it is refused. */
    public Catalogue install(String fileName, byte[] content, String source, String actor) {
        try {
            return install(fileName, content, source, actor, null);
        } catch (CatalogueRejectedException refused) {
            refused(source, fileName, refused);
            throw refused;
        }
    }

    private synchronized Catalogue install(String fileName, byte[] content, String source, String actor, String fileHash) {
        byte[] csv = CatalogueFormats.toCsv(fileName, content);
        Catalogue catalogue = parser.parse(fileName, csv);
        String text = stripBom(new String(csv, StandardCharsets.UTF_8));
        transaction.executeWithoutResult(tx -> {
            versions.saveIfAbsent(catalogue, text, fileName, actor);
            versions.activate(catalogue.version(), source, fileHash, actor);
        });
        switchTo(catalogue, source + " by " + actor);
        lastRefusal = null;
        return catalogue;
    }

    /** Puts an earlier version back in use: the given one, or (null) the one before the current. */
    public synchronized Catalogue restore(String version, String actor) {
        String target = version;
        if (target == null) {
            String now = current().version();
            target = versions.activations(100).stream().map(CatalogueVersions.Activation::version)
                    .filter(v -> !v.equals(now)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("version: there is no earlier catalogue version to restore"));
        }
        String restored = target;
        String content = versions.content(restored)
                .orElseThrow(() -> new IllegalArgumentException("version: no catalogue version " + restored));
        Catalogue catalogue = parser.parse("version " + restored, content.getBytes(StandardCharsets.UTF_8));
        versions.activate(catalogue.version(), RESTORE, null, actor);
        switchTo(catalogue, RESTORE + " by " + actor);
        return catalogue;
    }

    /** Checks the catalogue file and the version in use by every instance; runs every few seconds. */
    @Scheduled(fixedDelayString = "${bridge.catalogue.check-period:5000}", initialDelayString = "${bridge.catalogue.check-period:5000}")
    public void refresh() {
        try {
            checkFile();
            versions.active().ifPresent(a -> {
                if (!a.version().equals(current().version())) {
                    follow(a.version());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("catalogue check failed, the catalogue in use stays: {}", e.toString());
        }
    }

    private void checkFile() {
        byte[] content = readFile();
        if (content == null) {
            return;
        }
        String fileHash = Hashes.sha256(content);
        if (fileHash.equals(refusedFileHash) || fileHash.equals(versions.lastFileHash().orElse(null))) {
            return;
        }
        try {
            install(file.toString(), content, FILE, "config-file", fileHash);
        } catch (CatalogueRejectedException refused) {
            refusedFile(fileHash, refused);
        }
    }

    private synchronized void follow(String version) {
        if (current() != null && current().version().equals(version)) {
            return;
        }
        String content = versions.content(version).orElseThrow();
        switchTo(parser.parse("version " + version, content.getBytes(StandardCharsets.UTF_8)), "the version in use");
    }

    private void switchTo(Catalogue catalogue, String why) {
        Catalogue old = current.getAndSet(catalogue);
        if (versionGauge != null) {
            versionGauge.register(List.of(MultiGauge.Row.of(Tags.of("version", catalogue.version()), 1)), true);
        }
        LOG.info("keyword catalogue version {} in use ({}): {} entries, {} terms{}", catalogue.version(), why,
                catalogue.entries().size(), catalogue.termCount(), old == null ? "" : "; was " + old.version());
    }

    private void refusedFile(String fileHash, CatalogueRejectedException refused) {
        refusedFileHash = fileHash;
        refused(FILE, file.toString(), refused);
    }

    private void refused(String source, String fileName, CatalogueRejectedException refused) {
        lastRefusal = new Refusal(OffsetDateTime.now(clock), source, fileName, refused.problems());
        meters.counter("bridge.catalogue.refused", "source", source).increment();
        LOG.error("keyword catalogue from {} ({}) refused, the one in use stays ({}): {}", fileName, source,
                current() == null ? "none" : current().version(), refused.getMessage());
    }

    private byte[] readFile() {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keyword catalogue " + file.toAbsolutePath(), e);
        }
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

}
