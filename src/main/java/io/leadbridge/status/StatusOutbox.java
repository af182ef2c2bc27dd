package io.leadbridge.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Status updates for Smart-Grid (contracts README: ESCALATED, HELD, DISPUTED, DISPATCHED,
 * ACCEPTED, CLOSED, REJECTED), written in the same transaction as the state change they report,
 * and sent in order per lead: a lead's next update waits until the one before it was taken.
 */
@Repository
public class StatusOutbox {

    /** One update to send. */
    public record Pending(long id, String eventId, String status, String body, int attempts) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public StatusOutbox(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public void record(String eventId, Integer version, String status, String deptCode, String caseNo, String outcome,
                       String note) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("version", version);
        body.put("status", status);
        body.put("deptCode", deptCode);
        body.put("caseNo", caseNo);
        body.put("outcome", outcome);
        body.put("at", now.toString());
        body.put("note", note);
        try {
            jdbc.sql("INSERT INTO status_outbox (event_id, status, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)")
                    .params(eventId, status, json.writeValueAsString(body), now, now).update();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For each lead, its oldest unsent update, when that one is due; at most {@code limit}. */
    public List<Pending> due(int limit) {
        return jdbc.sql("SELECT s.id, s.event_id, s.status, s.body, s.attempts FROM status_outbox s"
                        + " WHERE s.sent_at IS NULL AND s.next_attempt_at <= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM status_outbox e WHERE e.event_id = s.event_id AND e.sent_at IS NULL AND e.id < s.id)"
                        + " ORDER BY s.id LIMIT ?")
                .params(OffsetDateTime.now(clock), limit)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                .list();
    }

    public void sent(java.util.Collection<Long> ids) {
        jdbc.sql("UPDATE status_outbox SET sent_at = :at, attempts = attempts + 1, last_error = NULL WHERE id IN (:ids)")
                .param("at", OffsetDateTime.now(clock)).param("ids", ids).update();
    }

    /** A failed send: tried again after a back-off that doubles from 1 s to at most {@code maxDelay}. */
    public void failed(long id, int attempts, String error, Duration maxDelay) {
        long seconds = Math.min(maxDelay.toSeconds(), 1L << Math.min(20, attempts));
        jdbc.sql("UPDATE status_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?")
                .params(error == null || error.length() <= 2000 ? error : error.substring(0, 2000),
                        OffsetDateTime.now(clock).plusSeconds(seconds), id).update();
    }

    public long unsent() {
        return jdbc.sql("SELECT COUNT(*) FROM status_outbox WHERE sent_at IS NULL").query(Long.class).single();
    }

    /** What was reported for a lead, in order: status and whether it was sent. */
    public List<Map<String, Object>> forLead(String eventId) {
        return jdbc.sql("SELECT status, created_at, sent_at, attempts, last_error FROM status_outbox WHERE event_id = ? ORDER BY id")
                .param(eventId)
                .query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("status", rs.getString(1));
                    row.put("createdAt", rs.getObject(2, OffsetDateTime.class));
                    row.put("sentAt", rs.getObject(3, OffsetDateTime.class));
                    row.put("attempts", rs.getInt(4));
                    row.put("lastError", rs.getString(5));
                    return row;
                })
                .list();
    }
}
