package io.leadbridge.audit;

import io.leadbridge.support.Api;
import io.leadbridge.support.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log is hash-chained: a changed row or removed latest rows are found, and named. */
@BridgeTest
class AuditChainTest {

    @Autowired
    AuditLog audit;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    @Test
    void aChangedRowIsNamedAndTheChainIsIntactAgainOnceRestored() {
        AuditLog.Actor ops = AuditLog.Actor.api("ops");
        for (int i = 0; i < 5; i++) {
            audit.record(ops, "NOTE", "CHAIN-" + i, "第" + i + "条 | with a bar", "A", "B");
        }
        Api api = new Api(port);
        assertThat(audit.verify().intact()).isTrue();
        assertThat(api.get("/api/v1/audit/verify").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/audit/verify", BridgeTest.SMART_GRID_KEY).status()).isEqualTo(403);

        long id = jdbc.sql("SELECT id FROM audit_log WHERE lead_ref = 'CHAIN-2'").query(Long.class).single();
        String reason = jdbc.sql("SELECT reason FROM audit_log WHERE id = ?").param(id).query(String.class).single();
        jdbc.sql("UPDATE audit_log SET reason = 'nothing happened' WHERE id = ?").param(id).update();
        try {
            AuditLog.Verification broken = audit.verify();
            assertThat(broken.firstBrokenId()).isEqualTo(id);
            assertThat(broken.problem()).contains("changed");
            Api.Answer answer = api.get("/api/v1/audit/verify");
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().path("firstBrokenId").asLong()).isEqualTo(id);
        } finally {
            jdbc.sql("UPDATE audit_log SET reason = ? WHERE id = ?").params(reason, id).update();
        }
        assertThat(audit.verify().intact()).isTrue();

        String head = jdbc.sql("SELECT last_hash FROM audit_head WHERE id = 1").query(String.class).single();
        jdbc.sql("UPDATE audit_head SET last_hash = 'x' WHERE id = 1").update();
        try {
            assertThat(audit.verify().problem()).contains("latest rows were removed");
        } finally {
            jdbc.sql("UPDATE audit_head SET last_hash = ? WHERE id = 1").param(head).update();
        }
        assertThat(audit.verify().intact()).isTrue();
    }
}
