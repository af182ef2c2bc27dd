package io.leadbridge.dispatch;

import io.leadbridge.reference.Departments;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health of each department's endpoint, from the bridge's own deliveries to it: DEGRADED while its
 * latest attempt failed (its cases wait and are retried), UP otherwise. A department that is down
 * does not make the bridge DOWN: the health group "departments" shows them.
 */
@Component("departmentsHealthContributor")
public class DepartmentHealth implements CompositeHealthContributor {

    public static final Status DEGRADED = new Status("DEGRADED", "the latest delivery to this department failed");

    private final Map<String, HealthContributor> contributors = new LinkedHashMap<>();

    public DepartmentHealth(Departments departments, DepartmentEndpoints endpoints, JdbcClient jdbc) {
        for (String code : departments.codes()) {
            contributors.put(code, (HealthIndicator) () -> {
                var last = jdbc.sql("SELECT a.outcome, a.error, a.at FROM delivery_attempt a JOIN dispatch d"
                                + " ON d.case_no = a.case_no AND d.dispatch_seq = a.dispatch_seq WHERE d.dept_code = ?"
                                + " ORDER BY a.id DESC LIMIT 1")
                        .param(code).query((rs, n) -> new String[]{rs.getString(1), rs.getString(2), String.valueOf(rs.getObject(3))})
                        .optional();
                Health.Builder health = last.isPresent() && !"DELIVERED".equals(last.get()[0])
                        ? Health.status(DEGRADED).withDetail("lastError", String.valueOf(last.get()[1])) : Health.up();
                health.withDetail("endpoint", endpoints.uri(code));
                last.ifPresent(l -> health.withDetail("lastAttempt", l[2]).withDetail("lastOutcome", l[0]));
                return health.build();
            });
        }
    }

    @Override
    public HealthContributor getContributor(String name) {
        return contributors.get(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return contributors.entrySet().stream().map(e -> NamedContributor.of(e.getKey(), e.getValue())).iterator();
    }
}
