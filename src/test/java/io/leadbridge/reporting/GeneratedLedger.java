package io.leadbridge.reporting;

import io.leadbridge.sla.SlaClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Hundreds of leads written straight into the ledger with known times, received in September
 * 2018 so that their clocks run across the National Day week.
 */
final class GeneratedLedger {

    static final String[] TOWNS = {"441900121", "441900122", "441900401", "441900003", "441900110"};
    static final String[] DEPTS = {"AMR", "HEALTH", "CULTURE", "PSB"};
    static final String[] OUTCOMES = {"LICENSED", "BANNED", "PENALIZED", "CEASED", "NOT_FOUND"};

    /** One generated lead as the test knows it. */
    record Lead(String ref, String town, String dept, String state, OffsetDateTime dispatchedAt, OffsetDateTime deadlineAccept,
                OffsetDateTime deadlineFinish, OffsetDateTime acceptedAt, OffsetDateTime closedAt, String outcome, String mode,
                boolean objected, String inspector) {
    }

    private GeneratedLedger() {
    }

    static List<Lead> write(JdbcClient jdbc, SlaClock sla, String prefix, int n) {
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ref = prefix + "-" + i;
            String town = TOWNS[i % TOWNS.length];
            String dept = DEPTS[i % DEPTS.length];
            String inspector = "G" + (i % 7);
            OffsetDateTime received = OffsetDateTime.parse("2018-09-20T10:00:00+08:00").plusDays(i % 10).plusMinutes(i);
            if (i % 10 == 0) {
                insert(jdbc, ref, "HELD", town, null, null, inspector, received, null, null, null, null, null, null);
                jdbc.sql("INSERT INTO tally_change (lead_id) SELECT MAX(id) FROM lead").update();
                leads.add(new Lead(ref, town, null, "HELD", null, null, null, null, null, null, null, false, inspector));
                continue;
            }
            if (i % 10 == 1) {
                long id = insert(jdbc, ref, "DISPUTED", town, null, "NO_MATCH", inspector, received, null, null, null, null, null, null);
                history(jdbc, id, "router", "DISPUTED", "{\"decision\":\"DISPUTED\",\"reason\":\"NO_MATCH\"}", received);
                noted(jdbc, id);
                leads.add(new Lead(ref, town, null, "DISPUTED", null, null, null, null, null, null, null, false, inspector));
                continue;
            }
            OffsetDateTime dispatched = received.plusHours(1);
            SlaClock.Deadlines deadlines = sla.forDispatch(dispatched, false, 0);
            OffsetDateTime accepted = i % 9 == 2 ? null : dispatched.plusDays(i % 5);
            OffsetDateTime closed = accepted != null && i % 3 == 0 ? dispatched.plusDays(i % 40) : null;
            String outcome = closed == null ? null : OUTCOMES[i % OUTCOMES.length];
            String state = closed != null ? "CLOSED" : accepted != null ? "ACCEPTED" : "DISPATCHED";
            String mode = i % 7 == 0 ? "MANUAL" : "AUTO";
            long id = insert(jdbc, ref, state, town, dept, "KEYWORD", inspector, received, dispatched, deadlines.accept(),
                    deadlines.finish(), accepted, closed, outcome);
            String caseNo = "QW" + town + "20180920" + String.format("%05d", i);
            jdbc.sql("UPDATE lead SET case_no = ?, dispatch_seq = 1 WHERE id = ?").params(caseNo, id).update();
            jdbc.sql("INSERT INTO dispatch (case_no, dispatch_seq, lead_id, dept_code, mode, status, case_json, created_at)"
                    + " VALUES (?, 1, ?, ?, ?, 'DELIVERED', '{}', ?)").params(caseNo, id, dept, mode, dispatched).update();
            boolean objected = i % 11 == 0;
            if (objected) {
                history(jdbc, id, "dept:" + dept, "OBJECTION", "OBJECTION", dispatched.plusHours(2));
            }
            noted(jdbc, id);
            leads.add(new Lead(ref, town, dept, state, dispatched, deadlines.accept(), deadlines.finish(), accepted, closed, outcome,
                    mode, objected, inspector));
        }
        return leads;
    }

    private static long insert(JdbcClient jdbc, String ref, String state, String town, String dept, String reason, String inspector,
                               OffsetDateTime received, OffsetDateTime dispatched, OffsetDateTime deadlineAccept,
                               OffsetDateTime deadlineFinish, OffsetDateTime accepted, OffsetDateTime closed, String outcome) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO lead (event_id, event_key, version, state, channel, town_code, dept_code, decision, reason, hazard,"
                        + " inspector_id, received_at, updated_at, dispatched_at, deadline_accept, deadline_finish, accepted_at,"
                        + " closed_at, outcome, payload)"
                        + " VALUES (?, ?, 1, ?, 'FILE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')")
                .params(ref, ref, state, town, dept, "HELD".equals(state) ? null : (dept == null ? "DISPUTED" : "ROUTED"), reason,
                        ref.hashCode() % 5 == 0 ? "MAJOR" : "NORMAL", inspector, received, received, dispatched, deadlineAccept,
                        deadlineFinish, accepted, closed, outcome)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** What LeadLedger does with every write: the tally folds the lead into the counters. */
    private static void noted(JdbcClient jdbc, long id) {
        jdbc.sql("INSERT INTO tally_change (lead_id) VALUES (?)").param(id).update();
    }

    private static void history(JdbcClient jdbc, long id, String actor, String event, String detail, OffsetDateTime at) {
        jdbc.sql("INSERT INTO lead_history (lead_id, at, actor, event, state, detail) VALUES (?, ?, ?, ?, 'DISPUTED', ?)")
                .params(id, at, actor, event, detail).update();
    }
}
