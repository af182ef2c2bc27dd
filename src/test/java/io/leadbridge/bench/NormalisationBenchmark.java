package io.leadbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.houbb.opencc4j.util.ZhConverterUtil;
import com.ibm.icu.text.Transliterator;
import io.leadbridge.routing.TextNormalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Traditional to simplified per lead (its three matched fields): ICU4J's transliterator against
 * OpenCC for Java. Run: mvn -Pbench test-compile exec:exec -Dbench=NormalisationBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NormalisationBenchmark {

    private final Transliterator icu = Transliterator.getInstance("Traditional-Simplified");
    private List<String> texts;
    private int next;

    @Setup
    public void setUp() throws IOException {
        ObjectMapper json = new ObjectMapper();
        texts = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                NormalisationBenchmark.class.getResourceAsStream("/demo/leads.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode lead = json.readTree(line);
                // Half of the leads in traditional characters, as a Hong Kong or Taiwan operator might write.
                String text = lead.path("subject").path("name").asText("") + lead.path("businessScope").asText("")
                        + lead.path("description").asText("");
                texts.add(texts.size() % 2 == 0 ? text : ZhConverterUtil.toTraditional(text));
            }
        }
    }

    /** ICU as the bridge uses it: skipped when no character could change. */
    @Benchmark
    public void icu(Blackhole out) {
        out.consume(TextNormalizer.normalize(text()));
    }

    /** ICU's transliterator on every text. */
    @Benchmark
    public void icuAlways(Blackhole out) {
        out.consume(icu.transliterate(text()));
    }

    @Benchmark
    public void openCc(Blackhole out) {
        out.consume(ZhConverterUtil.toSimple(text()));
    }

    private String text() {
        String text = texts.get(next);
        next = (next + 1) % texts.size();
        return text;
    }
}
