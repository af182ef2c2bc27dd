package io.leadbridge.demo;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadbridge.dispatch.DepartmentEndpoints;
import io.leadbridge.reference.Departments;

/**
 * Demo only: departments that take their cases, by HTTP for those configured with a URL and from
 * their css.dept.CODE queue for the others.
 */
@Profile("demo")
public final class DepartmentSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(DepartmentSimulator.class);

    private DepartmentSimulator() {
    }

    @RestController
    @Profile("demo")
    public static class Http {
        @PostMapping("/demo/departments/{code}/cases")
        public ResponseEntity<Void> take(@PathVariable String code, @RequestHeader("Idempotency-Key") String key,
                                         @RequestBody JsonNode caseJson) {
            LOG.info("demo department {} took case {} by HTTP (Idempotency-Key {}, hazard {})", code,
                    caseJson.path("case_no").asText(), key, caseJson.path("hazard_level").asText());
            return ResponseEntity.ok().build();
        }
    }

    @Component
    @Profile("demo")
    public static class Queues extends RouteBuilder {
        private final Departments departments;
        private final DepartmentEndpoints endpoints;

        public Queues(Departments departments, DepartmentEndpoints endpoints) {
            this.departments = departments;
            this.endpoints = endpoints;
        }

        @Override
        public void configure() {
            for (String code : departments.codes()) {
                if (!endpoints.isHttp(code)) {
                    from(endpoints.uri(code)).routeId("demo-department-" + code)
                            .log("demo department " + code + " took case ${header.CaseNo} from its queue (IdempotencyKey ${header.IdempotencyKey})");
                }
            }
        }
    }
}
