package io.leadbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.routing.Catalogue;
import io.leadbridge.routing.CatalogueParser;
import io.leadbridge.routing.TextNormalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Per-lead matching time against catalogue size: the Aho-Corasick automaton the bridge uses, and
 * a naive baseline (indexOf of every term, then the same leftmost-longest selection), on the same
 * texts (the three matched fields of the bundled sample leads, normalised) in the same run.
 * Run: mvn -Pbench test-compile exec:exec -Dbench=MatcherBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatcherBenchmark {

    @Param({"100", "1000", "10000", "50000"})
    public int terms;

    private Catalogue catalogue;
    private List<String> termList;
    private List<String[]> leads;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String csv = CatalogueGenerator.csv(terms, 42);
        catalogue = new CatalogueParser(Set.of(CatalogueGeneratorDepartments.CODES)).parse("generated.csv",
                csv.getBytes(StandardCharsets.UTF_8));
        termList = catalogue.entries().stream()
                .flatMap(e -> java.util.stream.Stream.concat(java.util.stream.Stream.of(e.keyword()), e.aliases().stream()))
                .map(TextNormalizer::normalize).toList();
        leads = sampleFields();
    }

    @Benchmark
    public void automaton(Blackhole out) {
        for (String field : lead()) {
            out.consume(catalogue.find(field));
        }
    }

    @Benchmark
    public void naive(Blackhole out) {
        for (String field : lead()) {
            out.consume(naiveFind(termList, field));
        }
    }

    private String[] lead() {
        String[] lead = leads.get(next);
        next = (next + 1) % leads.size();
        return lead;
    }

    /** For each term, every occurrence by indexOf; then leftmost-longest without overlap. */
    static List<int[]> naiveFind(List<String> terms, String text) {
        List<int[]> all = new ArrayList<>();
        for (String term : terms) {
            for (int at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
                all.add(new int[]{at, at + term.length()});
            }
        }
        all.sort(Comparator.<int[]>comparingInt(a -> a[0]).thenComparingInt(a -> a[0] - a[1]));
        List<int[]> chosen = new ArrayList<>();
        int cursor = 0;
        for (int[] hit : all) {
            if (hit[0] >= cursor) {
                chosen.add(hit);
                cursor = hit[1];
            }
        }
        return chosen;
    }

    /** The three matched fields of every bundled sample lead, normalised as the router does. */
    static List<String[]> sampleFields() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String[]> fields = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                MatcherBenchmark.class.getResourceAsStream("/demo/leads.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode lead = json.readTree(line);
                fields.add(new String[]{TextNormalizer.normalize(lead.path("subject").path("name").asText("")),
                        TextNormalizer.normalize(lead.path("businessScope").asText("")),
                        TextNormalizer.normalize(lead.path("description").asText(""))});
            }
        }
        return fields;
    }
}
