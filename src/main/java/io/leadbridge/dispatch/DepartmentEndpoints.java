package io.leadbridge.dispatch;

import io.leadbridge.config.BridgeProperties;
import io.leadbridge.reference.Departments;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Where each department takes its cases: its JMS queue (css.dept.CODE by default) or an HTTP URL. */
@Component
public class DepartmentEndpoints {

    private final Map<String, BridgeProperties.DepartmentEndpoint> configured;

    public DepartmentEndpoints(BridgeProperties properties, Departments departments) {
        this.configured = properties.getDispatch().getDepartments();
        configured.keySet().stream().filter(code -> !departments.contains(code)).findFirst().ifPresent(code -> {
            throw new IllegalStateException("bridge.dispatch.departments." + code + ": not a department in departments.csv");
        });
    }

    public boolean isHttp(String deptCode) {
        BridgeProperties.DepartmentEndpoint endpoint = configured.get(deptCode);
        return endpoint != null && !endpoint.getUrl().isBlank();
    }

    /** A Camel endpoint URI for the department. */
    public String uri(String deptCode) {
        BridgeProperties.DepartmentEndpoint endpoint = configured.get(deptCode);
        if (isHttp(deptCode)) {
            return endpoint.getUrl();
        }
        String queue = endpoint != null && !endpoint.getQueue().isBlank() ? endpoint.getQueue() : "css.dept." + deptCode;
        // InOnly: a case is a one-way message; no department is asked for a JMS reply.
        return "jms:queue:" + queue + "?exchangePattern=InOnly";
    }
}
