package io.leadbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Demo only: a stand-in for Smart-Grid's poll API. It releases the bundled sample leads a few a
 * second, with eventIds made fresh for each start, so every demo run shows leads flowing.
 */
@RestController
@Profile("demo")
@RequestMapping("/demo/smart-grid/api/leads")
public class SmartGridSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(SmartGridSimulator.class);

    private final List<JsonNode> samples = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis() / 1000, 36);
    private final long startedAt = System.nanoTime();
    private final double perSecond;

    public SmartGridSimulator(ObjectMapper json, @Value("${bridge.demo.leads-per-second:3}") double perSecond) throws IOException {
        this.perSecond = perSecond;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new ClassPathResource("demo/leads.jsonl").getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    samples.add(json.readTree(line));
                }
            }
        }
        LOG.info("demo Smart-Grid simulator: {} sample leads, run {}, {} a second", samples.size(), run, perSecond);
    }

    @GetMapping
    public Map<String, Object> page(@RequestParam(defaultValue = "") String since, @RequestParam(defaultValue = "100") int limit) {
        long released = (long) ((System.nanoTime() - startedAt) / 1e9 * perSecond);
        long from = since.startsWith(run + ":") ? Long.parseLong(since.substring(run.length() + 1)) : 0;
        long to = Math.min(released, from + Math.max(1, Math.min(limit, 500)));
        List<JsonNode> items = new ArrayList<>();
        for (long n = from; n < to; n++) {
            items.add(lead(n));
        }
        return Map.of("items", items, "nextCursor", run + ":" + Math.max(from, to));
    }

    /** Status updates from the bridge (the feedback issue sends them); the demo only logs them. */
    @PostMapping("/{eventId}/status")
    public ResponseEntity<Void> status(@PathVariable String eventId, @RequestBody JsonNode status) {
        LOG.info("demo Smart-Grid: lead {} is now {}", eventId, status.path("status").asText());
        return ResponseEntity.noContent().build();
    }

    private JsonNode lead(long n) {
        ObjectNode lead = samples.get((int) (n % samples.size())).deepCopy();
        long lap = n / samples.size();
        lead.put("eventId", lead.get("eventId").asText() + "-" + run + (lap == 0 ? "" : "-" + lap));
        return lead;
    }
}
