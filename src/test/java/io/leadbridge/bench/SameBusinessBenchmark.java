package io.leadbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.reference.Towns;
import io.leadbridge.triage.Business;
import io.leadbridge.triage.SameBusiness;
import org.flywaydb.core.Flyway;
import com.zaxxer.hikari.HikariDataSource;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same-business check (issue 17, point 6) with a large ledger on record: an H2 file with the bridge's schema
 * (its Flyway migrations) holding {@code leads} leads at as many places, plus one earlier report, with its case, of
 * each bundled sample lead; each call checks another report of one of those samples (the place key found by the
 * index, the place's row locked, the earlier report read and scored). Run:
 * mvn -Pbench test-compile exec:exec -Dbench=SameBusinessBenchmark (the 1,000,000-lead ledger takes a few minutes
 * to make, once per fork; -Dbench.args="-p leads=100000" for a quicker one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SameBusinessBenchmark {

    @Param({"1000000"})
    public int leads;

    private HikariDataSource database;
    private SameBusiness check;
    private final List<Business> reports = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench", "same-business-" + leads));
        database = new HikariDataSource(); // pooled, as the bridge's
        database.setJdbcUrl("jdbc:h2:file:" + dir.toAbsolutePath().resolve("ledger") + ";QUERY_CACHE_SIZE=64");
        database.setUsername("sa");
        database.setPassword("bench");
        database.setMaximumPoolSize(2);
        Flyway.configure().dataSource(database).locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> samples = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SameBusinessBenchmark.class.getResourceAsStream("/demo/leads.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                samples.add(json.readTree(line));
            }
        }
        check = new SameBusiness(JdbcClient.create(database), new Towns(new BridgeProperties()), 0.75, 50);
        samples.removeIf(sample -> check.business(io.leadbridge.lead.Lead.of(sample)).placeKey() == null);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            long have;
            try (var rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM lead")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have < leads) {
                fill(connection, samples, have);
            }
        }
        for (JsonNode sample : samples) {
            ObjectNode again = sample.deepCopy();
            ((ObjectNode) again.get("subject")).put("address", sample.path("subject").path("address").asText() + " 一楼");
            reports.add(check.business(io.leadbridge.lead.Lead.of(again)));
        }
        System.out.printf("%n%,d leads on record at %,d places%n", leads + samples.size(), leads + samples.size());
    }

    /** {@code leads} leads each at a place of its own (small payloads: never read), then the samples with cases. */
    private void fill(Connection connection, List<JsonNode> samples, long from) throws Exception {
        long started = System.nanoTime();
        Timestamp now = new Timestamp(System.currentTimeMillis());
        String insert = "INSERT INTO lead (event_id, event_key, version, state, channel, town_code, payload, place_key, case_no,"
                + " received_at, updated_at) VALUES (?, ?, 1, ?, 'FILE', ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement lead = connection.prepareStatement(insert);
             PreparedStatement place = connection.prepareStatement("INSERT INTO place_lock (place_key) VALUES (?)")) {
            for (long i = from; i < leads; i++) {
                String town = "4419001" + (10 + i % 30);
                String key = town + ":某某社区第" + (i / 30) + "巷" + (i % 97) + "号";
                add(lead, "BENCH-" + i, "CLOSED", town, "{}", key, "QWB" + i, now);
                place.setString(1, key);
                place.addBatch();
                if (i % 5_000 == 4_999) {
                    lead.executeBatch();
                    place.executeBatch();
                    connection.commit();
                }
            }
            int n = 0;
            for (JsonNode sample : samples) {
                Business business = check.business(io.leadbridge.lead.Lead.of(sample));
                add(lead, "BENCH-SAMPLE-" + n, n % 2 == 0 ? "DISPATCHED" : "CLOSED", sample.path("grid").path("townCode").asText(),
                        sample.toString(), business.placeKey(), "QWS" + n++, now);
                place.setString(1, business.placeKey());
                place.addBatch();
            }
            lead.executeBatch();
            place.executeBatch();
            connection.commit();
        }
        System.out.printf("%nmade the ledger in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void add(PreparedStatement lead, String eventId, String state, String town, String payload, String placeKey,
                            String caseNo, Timestamp now) throws Exception {
        lead.setString(1, eventId);
        lead.setString(2, eventId);
        lead.setString(3, state);
        lead.setString(4, town);
        lead.setString(5, payload);
        lead.setString(6, placeKey);
        lead.setString(7, caseNo);
        lead.setTimestamp(8, now);
        lead.setTimestamp(9, now);
        lead.addBatch();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        database.close(); // H2 closes the file with its last connection
    }

    /** Another report of one of the samples: found the same business, a DUPLICATE or a REPEAT of its earlier report. */
    @Benchmark
    public Optional<SameBusiness.Finding> checkAReport() {
        Business business = reports.get(next++ % reports.size());
        Optional<SameBusiness.Finding> found = check.check(Long.MAX_VALUE, business);
        if (found.isEmpty()) {
            throw new IllegalStateException("not found: " + business.placeKey());
        }
        return found;
    }
}
