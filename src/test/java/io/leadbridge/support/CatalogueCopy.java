package io.leadbridge.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A copy of config/keywords.csv for a test that changes the catalogue, so config/ is never touched. */
public final class CatalogueCopy {

    public static final String ORIGINAL = read(Path.of("config/keywords.csv"));

    private CatalogueCopy() {
    }

    /** Points the bridge at a fresh copy of the catalogue file; answers its path. */
    public static Path register(DynamicPropertyRegistry registry) {
        Path file = Path.of("target/test-data/catalogue-" + UUID.randomUUID() + "/keywords.csv").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, ORIGINAL, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("bridge.catalogue-file", file::toString);
        return file;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
