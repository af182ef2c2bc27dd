package io.leadbridge.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import io.leadbridge.support.Leads;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** After a flow, /actuator/prometheus exposes every ops metric, and the health groups answer. */
@BridgeTest
@DirtiesContext
@AutoConfigureObservability
class MetricsTest {

    @DynamicPropertySource
    static void unreachableDepartment(DynamicPropertyRegistry registry) {
        // WATER's endpoint refuses every connection: its cases fail, for the failure metrics.
        registry.add("bridge.dispatch.departments.WATER.url", () -> "http://127.0.0.1:9/cases");
        registry.add("bridge.dispatch.max-redeliveries", () -> "1");
    }

    @LocalServerPort
    int port;

    @Test
    void everyOpsMetricIsExposedAfterAFlow() {
        Api api = new Api(port);
        ObjectNode routed = Leads.routedTo("CULTURE");
        ObjectNode failing = Leads.routedTo("WATER");
        assertThat(api.push(routed.toString()).status()).isEqualTo(202);
        assertThat(api.push(failing.toString()).status()).isEqualTo(202);
        assertThat(api.push(Leads.disputed("CONFLICT").toString()).status()).isEqualTo(202);
        assertThat(api.push("{\"eventId\":\"METRICS-BAD-1\"}").status()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DISPATCHED".equals(api.state(routed.get("eventId").asText()))
                && "DELIVERY_FAILED".equals(api.state(failing.get("eventId").asText())));
        String caseNo = api.lead(routed.get("eventId").asText()).path("caseNo").asText();
        String at = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        assertThat(api.post("/api/v1/cases/" + caseNo + "/feedback", BridgeTest.CULTURE_KEY, "{\"case_no\":\"" + caseNo
                + "\",\"dept_code\":\"CULTURE\",\"type\":\"ACCEPTED\",\"at\":\"" + at + "\"}").status()).isEqualTo(200);

        String metrics = api.get("/actuator/prometheus", null).body();
        assertThat(metrics)
                .contains("bridge_intake_total{channel=\"PUSH\",outcome=\"ACCEPTED\"")
                .contains("bridge_intake_total{channel=\"PUSH\",outcome=\"INVALID\"")
                .contains("bridge_routing_decisions_total{decision=\"DISPUTED\",reason=\"CONFLICT\"")
                .contains("bridge_routing_decisions_total{decision=\"ROUTED\",reason=\"KEYWORD\"")
                .contains("bridge_dispatch_latency_seconds_count{dept=\"CULTURE\"")
                .contains("bridge_dispatch_failures_total{dept=\"WATER\",kind=\"final\"")
                .contains("bridge_dead_letters ")
                .contains("bridge_broker_dead_letters{queue=\"sgs.leads\"}", "bridge_broker_dead_letters{queue=\"css.feedback\"}")
                .contains("bridge_leads{state=\"ACCEPTED\"")
                .contains("bridge_leads{state=\"DISPUTED\"")
                .contains("bridge_sla_overdue ")
                .contains("bridge_status_unsent ")
                .contains("bridge_feedback_total{channel=\"HTTP\",outcome=\"APPLIED\"")
                .contains("bridge_catalogue_version{version=\"")
                .contains("bridge_catalogue_terms ")
                .contains("bridge_data_bytes{store=\"database\"}", "bridge_data_bytes{store=\"journal\"}",
                        "bridge_data_bytes{store=\"inbox\"}", "bridge_data_disk_free_bytes ")
                .containsPattern("camel_exchanges_[a-z_]*total\\{[^}]*routeId=\"intake\"")
                .contains("http_server_requests_seconds_count{")
                // not measured, for their cost on every request and exchange (config/application.yaml, SecurityConfig)
                .doesNotContain("spring_security_", "camel_exchange_event_notifier", "camel_exchanges_last_timestamp");
        for (String group : new String[]{"broker", "database", "departments"}) {
            Api.Answer health = api.get("/actuator/health/" + group, null);
            assertThat(health.status()).as(group).isEqualTo(200);
        }
        JsonNode departments = api.get("/actuator/health/departments", null).json();
        assertThat(departments.toString()).contains("WATER");
        assertThat(departments.findPath("WATER").path("status").asText()).as(departments.toString()).isEqualTo("DEGRADED");
        assertThat(api.get("/actuator/health/broker", null).json().path("status").asText()).isEqualTo("UP");
    }
}
