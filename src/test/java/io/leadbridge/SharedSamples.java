package io.leadbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The contracts' shared samples, read from ../shared as CI lays it beside the clone. */
public final class SharedSamples {

    public static final Path SHARED = Path.of("..", "shared");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedSamples() {
    }

    public static List<JsonNode> leads() {
        return readLines(SHARED.resolve("samples/leads.dev.jsonl"));
    }

    public static List<JsonNode> expectedDecisions() {
        return readLines(SHARED.resolve("samples/leads.dev.expected.jsonl"));
    }

    /** The same-business scenario: steps {"step": "push", "lead"} and {"step": "close", "eventId"}, in order. */
    public static List<JsonNode> duplicateSteps() {
        return readLines(SHARED.resolve("samples/duplicates.dev.jsonl"));
    }

    /** Its labels: {"eventId", "relation" (DUPLICATE, REPEAT or null), "of", "kind"} for each pushed lead. */
    public static List<JsonNode> duplicateLabels() {
        return readLines(SHARED.resolve("samples/duplicates.dev.expected.jsonl"));
    }

    public static Path contract(String name) {
        return SHARED.resolve("contracts").resolve(name);
    }

    static List<JsonNode> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).map(SharedSamples::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
