package io.leadbridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.config.BridgeProperties;
import io.leadbridge.config.ClockConfig;
import io.leadbridge.dispatch.DepartmentEndpoints;
import io.leadbridge.reference.Departments;
import jakarta.annotation.PreDestroy;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Demo only: departments that take their cases (by HTTP for those configured with a URL, from
 * their css.dept.CODE queue for the others) and answer as real ones do: most sign for a case and
 * close it with an outcome, some object that it is not theirs, some never answer in time.
 * HTTP departments answer through the feedback API with their key, the others on css.feedback.
 */
@Component
@Profile("demo")
public class DepartmentSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(DepartmentSimulator.class);
    private static final String[] OUTCOMES = {"LICENSED", "LICENSED", "LICENSED", "LICENSED", "BANNED", "BANNED",
            "PENALIZED", "PENALIZED", "CEASED", "CEASED", "NOT_FOUND", "TRANSFERRED_JUDICIAL", "OTHER"};
    private static final String[] HANDLERS = {"李科长", "陈主任", "黄干事", "张执法员", "刘专员"};

    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json;
    private final JmsTemplate jms;
    private final DepartmentEndpoints endpoints;
    private final BridgeProperties properties;
    private final String bridgeUrl;

    public DepartmentSimulator(ObjectMapper json, JmsTemplate jms, DepartmentEndpoints endpoints, BridgeProperties properties,
                               org.springframework.core.env.Environment environment) {
        this.json = json;
        this.jms = jms;
        this.endpoints = endpoints;
        this.properties = properties;
        this.bridgeUrl = "http://localhost:" + environment.getProperty("server.port", "8080");
    }

    /** A department took a case: it will answer, or not, over the next seconds. */
    public void took(String dept, String caseText, String channel) {
        JsonNode c = read(caseText);
        String caseNo = c.path("case_no").asText();
        int seq = c.path("dispatch_seq").asInt(1);
        if (c.has("kind")) {
            // a notice about a case it holds (ADDENDUM, URGE): noted, nothing to answer
            LOG.info("demo department {} got notice {} about case {} dispatch {} by {}", dept, c.path("kind").asText(), caseNo, seq,
                    channel);
            return;
        }
        LOG.info("demo department {} took case {} dispatch {} by {} (hazard {})", dept, caseNo, seq, channel,
                c.path("hazard_level").asText());
        int roll = ThreadLocalRandom.current().nextInt(100);
        if (roll < 8) {
            return; // late: this one never answers in time
        }
        if (roll < 18 && seq == 1) {
            String suggested = "AMR".equals(dept) ? "CULTURE" : "AMR";
            later(2, () -> send(dept, feedback(c, dept, "OBJECTION").set("objection", json.createObjectNode()
                    .put("reason_code", "NOT_OUR_REMIT").put("suggested_dept", suggested).put("note", "不属本部门职责"))));
            return;
        }
        later(2 + roll % 4, () -> send(dept, feedback(c, dept, "ACCEPTED")));
        later(6 + roll % 5, () -> send(dept, feedback(c, dept, "PROGRESS").put("note", "已上门核查")));
        later(10 + roll % 10, () -> send(dept, feedback(c, dept, "CLOSED")
                .put("outcome", OUTCOMES[ThreadLocalRandom.current().nextInt(OUTCOMES.length)])));
    }

    private ObjectNode feedback(JsonNode c, String dept, String type) {
        return json.createObjectNode().put("case_no", c.path("case_no").asText()).put("dept_code", dept)
                .put("dispatch_seq", c.path("dispatch_seq").asInt(1)).put("type", type)
                .put("at", LocalDateTime.now(ClockConfig.CITY_ZONE).format(ClockConfig.LOCAL_TIME))
                .put("handler", HANDLERS[ThreadLocalRandom.current().nextInt(HANDLERS.length)]);
    }

    private void send(String dept, JsonNode feedback) {
        String body = feedback.toString();
        String key = properties.getApiKeys().get(dept);
        try {
            if (endpoints.isHttp(dept) && key != null) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(bridgeUrl + "/api/v1/cases/"
                                + feedback.path("case_no").asText() + "/feedback"))
                        .header("X-Api-Key", key).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } else {
                jms.convertAndSend(properties.getFeedbackQueue(), body);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo department {} could not send its feedback: {}", dept, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void later(int seconds, Runnable action) {
        answers.schedule(action, seconds, TimeUnit.SECONDS);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @PreDestroy
    void stop() {
        answers.shutdownNow();
    }

    /** The HTTP departments' endpoint. */
    @RestController
    @Profile("demo")
    public static class Http {
        private final DepartmentSimulator departments;

        public Http(DepartmentSimulator departments) {
            this.departments = departments;
        }

        @PostMapping("/demo/departments/{code}/cases")
        public ResponseEntity<Void> take(@PathVariable String code, @RequestHeader("Idempotency-Key") String key,
                                         @RequestBody String caseJson) {
            departments.took(code, caseJson, "HTTP (Idempotency-Key " + key + ")");
            return ResponseEntity.ok().build();
        }
    }

    /** The JMS departments' consumers, one per department queue. */
    @Component
    @Profile("demo")
    public static class Queues extends RouteBuilder {
        private final Departments codes;
        private final DepartmentEndpoints endpoints;
        private final DepartmentSimulator departments;

        public Queues(Departments codes, DepartmentEndpoints endpoints, DepartmentSimulator departments) {
            this.codes = codes;
            this.endpoints = endpoints;
            this.departments = departments;
        }

        @Override
        public void configure() {
            for (String code : codes.codes()) {
                if (!endpoints.isHttp(code)) {
                    from(endpoints.uri(code)).routeId("demo-department-" + code)
                            .process(e -> departments.took(code, e.getMessage().getBody(String.class),
                                    "queue (IdempotencyKey " + e.getMessage().getHeader("IdempotencyKey") + ")"));
                }
            }
        }
    }
}
