package io.leadbridge.routing;

import io.leadbridge.config.BridgeProperties;
import io.leadbridge.reference.Departments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the catalogue in use. A new one is only put in place whole, after it parsed without a
 * problem, so a routing decision sees either the old or the new catalogue, never a mix.
 */
@Component
public class CatalogueStore {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueStore.class);

    private final CatalogueParser parser;
    private final AtomicReference<Catalogue> current = new AtomicReference<>();

    public CatalogueStore(BridgeProperties properties, Departments departments) {
        this.parser = new CatalogueParser(departments.codes());
        Path file = properties.configFile(properties.getCatalogueFile());
        try {
            install(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keyword catalogue " + file.toAbsolutePath(), e);
        }
    }

    public Catalogue current() {
        return current.get();
    }

    /** Parses and, when it has no problem, puts the catalogue in use; else throws and keeps the old one. */
    public Catalogue install(String fileName, byte[] content) {
        Catalogue catalogue = parser.parse(fileName, content);
        current.set(catalogue);
        LOG.info("keyword catalogue {} in use: version {}, {} entries, {} terms",
                fileName, catalogue.version(), catalogue.entries().size(), catalogue.termCount());
        return catalogue;
    }
}
