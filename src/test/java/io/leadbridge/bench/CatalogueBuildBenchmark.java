package io.leadbridge.bench;

import io.leadbridge.routing.Catalogue;
import io.leadbridge.routing.CatalogueParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Time to parse, check and build a catalogue (normalisation and the automaton), cold and warm.
 * Run: mvn -Pbench test-compile exec:exec -Dbench=CatalogueBuildBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class CatalogueBuildBenchmark {

    @Param({"10000", "50000"})
    public int terms;
    private byte[] csv;
    private CatalogueParser parser;

    @Setup
    public void setUp() {
        csv = CatalogueGenerator.csv(terms, 7).getBytes(StandardCharsets.UTF_8);
        parser = new CatalogueParser(Set.of(CatalogueGeneratorDepartments.CODES));
    }

    @Benchmark
    public Catalogue build() {
        return parser.parse("generated.csv", csv);
    }
}
