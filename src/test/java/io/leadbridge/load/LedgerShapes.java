package io.leadbridge.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The storage issue's design question, measured on H2 alone (no bridge, no broker): what does the shape of the
 * ledger cost per lead in bytes written and in time, for the same lifecycle? A lead's life as the bridge writes it
 * ({@code --shapes N}): taken in and routed in groups of 16 (insert, history, update with the decision, the case in
 * the outbox), delivered in groups of 16 (outbox finished, lead DISPATCHED, history), then ACCEPTED, IN_PROGRESS and
 * CLOSED one lead per transaction in a shuffled order (departments answer in any order), each with its history.
 * Bodies are the real sizes of a harness run: the lead's JSON (~1.1 KB), its routing (~0.5 KB), the case (~1.2 KB).
 *
 * <p>Shapes: {@code wide} as the ledger is today (bodies in the lead row, the lead's eleven indexes besides its key);
 * {@code narrow} (bodies written once in an append-only table, the lead row holds only what changes and what lists
 * read); {@code wide-4} and {@code narrow-4} (the same with four indexes: key, eventId, case number, state); each on
 * the bridge's H2 URL, and {@code wide} once more with plain pages ({@code COMPRESS=FALSE}; H2's B-tree pages split
 * past 48 keys or 16 KB either way). Prints a table: seconds, leads/s on one thread, H2's bytes and writes per lead,
 * the file at the end and its live size (after {@code SHUTDOWN COMPACT}).
 */
final class LedgerShapes {

    private static final int GROUP = 16;

    record Shape(String name, boolean narrow, boolean fewIndexes, boolean compress) {
    }

    record Figures(Shape shape, int leads, double seconds, long bytes, long writes, long fileBytes, long liveBytes) {
        String row() {
            return String.format("| %s%s | %,d | %.1f | %,.0f | %,.1f | %,.1f | %,.1f | %,.1f |", shape.name(),
                    shape.compress() ? "" : " (plain pages)", leads, seconds, leads / seconds, bytes / 1024.0 / leads,
                    writes / (double) leads, fileBytes / 1048576.0, liveBytes / 1048576.0);
        }
    }

    private LedgerShapes() {
    }

    /** Runs every shape with {@code leads} leads, prints the table, and gives the figures in the table's order. */
    static List<Figures> run(int leads, Path out) throws Exception {
        List<Shape> shapes = List.of(new Shape("wide", false, false, true), new Shape("narrow", true, false, true),
                new Shape("wide-4", false, true, true), new Shape("narrow-4", true, true, true),
                new Shape("wide", false, false, false));
        LeadSource source = new LeadSource();
        // a warm-up: the JIT compiles H2 on a run not reported
        System.out.println("warm-up, not reported: " + measure(shapes.get(0), Math.max(1, leads / 5), source, out).row());
        List<Figures> all = new ArrayList<>();
        for (Shape shape : shapes) {
            Figures figures = measure(shape, leads, source, out);
            System.out.println(figures.row());
            all.add(figures);
        }
        System.out.printf("%n| shape | leads | seconds | leads/s (one thread) | KB written per lead | writes per lead"
                + " | file MB at the end | live MB |%n|---|---:|---:|---:|---:|---:|---:|---:|%n");
        all.forEach(f -> System.out.println(f.row()));
        return all;
    }

    /** One shape in a database of its own: the lifecycle of {@code leads} leads, then the live size after SHUTDOWN COMPACT. */
    private static Figures measure(Shape shape, int leads, LeadSource source, Path out) throws Exception {
        Path dir = Files.createDirectories(out.resolve("shapes-" + System.nanoTime()));
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("ledger") + ";WRITE_DELAY=0;RETENTION_TIME=1000;"
                + "MAX_COMPACT_TIME=0;QUERY_CACHE_SIZE=64;ANALYZE_AUTO=0;COMPRESS=" + (shape.compress() ? "TRUE" : "FALSE");
        double seconds;
        Map<String, Long> before;
        Map<String, Long> after;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            create(c, shape);
            before = DatabaseWrites.counters(c);
            long start = System.nanoTime();
            lifecycle(c, shape, source, "x".repeat(500), leads);
            seconds = (System.nanoTime() - start) / 1e9;
            after = DatabaseWrites.counters(c);
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
        }
        return new Figures(shape, leads, seconds, after.get("info.FILE_WRITE_BYTES") - before.get("info.FILE_WRITE_BYTES"),
                after.get("info.FILE_WRITE") - before.get("info.FILE_WRITE"), after.get("info.FILE_SIZE"),
                Files.size(dir.resolve("ledger.mv.db")));
    }

    private static void create(Connection c, Shape shape) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lead (id BIGINT PRIMARY KEY, event_id VARCHAR(200), event_key VARCHAR(64) UNIQUE, version BIGINT,"
                    + " state VARCHAR(24) NOT NULL, channel VARCHAR(16), origin VARCHAR(500), town_code VARCHAR(16), dept_code VARCHAR(32),"
                    + " case_no VARCHAR(32) UNIQUE, decision VARCHAR(16), reason VARCHAR(32), hazard VARCHAR(8), catalogue_version VARCHAR(64),"
                    + (shape.narrow() ? "" : " payload VARCHAR, routing VARCHAR,")
                    + " received_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " dispatched_at TIMESTAMP WITH TIME ZONE, accepted_at TIMESTAMP WITH TIME ZONE, closed_at TIMESTAMP WITH TIME ZONE,"
                    + " outcome VARCHAR(32), inspector_id VARCHAR(64), place_key VARCHAR(64), review_cause VARCHAR(40), needs_person INT,"
                    + " overdue_now INT, sla_due TIMESTAMP WITH TIME ZONE)");
            if (shape.narrow()) {
                s.execute("CREATE TABLE lead_body (id BIGINT PRIMARY KEY, payload VARCHAR, routing VARCHAR)");
            }
            s.execute("CREATE INDEX lead_event_id_idx ON lead (event_id)");
            s.execute("CREATE INDEX lead_state_received_idx ON lead (state, received_at, id)");
            if (!shape.fewIndexes()) {
                s.execute("CREATE INDEX lead_overdue_idx ON lead (overdue_now, received_at, id)");
                s.execute("CREATE INDEX lead_place_idx ON lead (place_key, id)");
                s.execute("CREATE INDEX lead_received_idx ON lead (received_at)");
                s.execute("CREATE INDEX lead_review_idx ON lead (needs_person, town_code, received_at, id, review_cause)");
                s.execute("CREATE INDEX lead_sla_due_idx ON lead (sla_due)");
                s.execute("CREATE INDEX lead_state_town_idx ON lead (state, town_code, received_at, id)");
                s.execute("CREATE INDEX lead_town_received_idx ON lead (town_code, received_at, id)");
            }
            s.execute("CREATE TABLE lead_history (id BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 10000) PRIMARY KEY,"
                    + " lead_id BIGINT NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL, actor VARCHAR(64) NOT NULL, event VARCHAR(40) NOT NULL,"
                    + " state VARCHAR(24), detail VARCHAR)");
            s.execute("CREATE INDEX lead_history_lead_idx ON lead_history (lead_id, id)");
            s.execute("CREATE TABLE dispatch (case_no VARCHAR(32) NOT NULL, dispatch_seq INT NOT NULL, lead_id BIGINT NOT NULL,"
                    + " dept_code VARCHAR(32), status VARCHAR(16) NOT NULL, case_json VARCHAR, created_at TIMESTAMP WITH TIME ZONE,"
                    + " queued_at TIMESTAMP WITH TIME ZONE, finished_at TIMESTAMP WITH TIME ZONE, last_error VARCHAR(500),"
                    + " PRIMARY KEY (case_no, dispatch_seq))");
            s.execute("CREATE INDEX dispatch_status_idx ON dispatch (status, queued_at)");
            s.execute("CREATE INDEX dispatch_lead_idx ON dispatch (lead_id)");
        }
        c.setAutoCommit(false);
    }

    private static void lifecycle(Connection c, Shape shape, LeadSource source, String routing, int leads) throws SQLException {
        long t0 = System.currentTimeMillis();
        for (int from = 0; from < leads; from += GROUP) {
            int to = Math.min(leads, from + GROUP);
            for (int n = from; n < to; n++) {
                intake(c, shape, n, source.lead(9, n), routing, new Timestamp(t0 + n));
            }
            c.commit();
            for (int n = from; n < to; n++) {
                delivered(c, n, new Timestamp(t0 + n));
            }
            c.commit();
        }
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < leads; n++) {
            order.add(n);
        }
        Random random = new Random(42);
        for (String state : List.of("ACCEPTED", "IN_PROGRESS", "CLOSED")) {
            Collections.shuffle(order, random);
            for (int n : order) {
                feedback(c, n, state);
                c.commit();
            }
        }
    }

    private static void intake(Connection c, Shape shape, long n, String lead, String routing, Timestamp at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO lead (id, event_id, event_key, version, state, channel, town_code,"
                + " received_at, updated_at, inspector_id, place_key, needs_person, overdue_now" + (shape.narrow() ? "" : ", payload")
                + ") VALUES (?, ?, ?, 1, 'RECEIVED', 'PUSH', ?, ?, ?, ?, ?, 0, 0" + (shape.narrow() ? "" : ", ?") + ")")) {
            String eventId = LeadSource.eventId(9, n);
            insert.setLong(1, n);
            insert.setString(2, eventId);
            insert.setString(3, eventId);
            insert.setString(4, "4419001" + (n % 30));
            insert.setTimestamp(5, at);
            insert.setTimestamp(6, at);
            insert.setString(7, "inspector-" + (n % 500));
            insert.setString(8, "place-" + n);
            if (!shape.narrow()) {
                insert.setString(9, lead);
            }
            insert.executeUpdate();
        }
        if (shape.narrow()) {
            try (PreparedStatement body = c.prepareStatement("INSERT INTO lead_body (id, payload, routing) VALUES (?, ?, ?)")) {
                body.setLong(1, n);
                body.setString(2, lead);
                body.setString(3, routing);
                body.executeUpdate();
            }
        }
        history(c, n, "RECEIVED");
        try (PreparedStatement routed = c.prepareStatement("UPDATE lead SET state = 'ROUTED', dept_code = 'AMR', case_no = ?,"
                + " decision = 'ROUTED', reason = 'KEYWORD', hazard = 'NORMAL', catalogue_version = 'v1', updated_at = ?"
                + (shape.narrow() ? "" : ", routing = ?") + " WHERE id = ?")) {
            routed.setString(1, "QW" + n);
            routed.setTimestamp(2, at);
            if (shape.narrow()) {
                routed.setLong(3, n);
            } else {
                routed.setString(3, routing);
                routed.setLong(4, n);
            }
            routed.executeUpdate();
        }
        try (PreparedStatement dispatch = c.prepareStatement("INSERT INTO dispatch (case_no, dispatch_seq, lead_id, dept_code, status,"
                + " case_json, created_at, queued_at) VALUES (?, 1, ?, 'AMR', 'PENDING', ?, ?, ?)")) {
            dispatch.setString(1, "QW" + n);
            dispatch.setLong(2, n);
            dispatch.setString(3, lead + "x".repeat(120));
            dispatch.setTimestamp(4, at);
            dispatch.setTimestamp(5, at);
            dispatch.executeUpdate();
        }
        history(c, n, "ROUTED");
        history(c, n, "CASE_MADE");
    }

    private static void delivered(Connection c, long n, Timestamp at) throws SQLException {
        try (PreparedStatement finish = c.prepareStatement("UPDATE dispatch SET status = 'DELIVERED', finished_at = ?"
                + " WHERE case_no = ? AND dispatch_seq = 1")) {
            finish.setTimestamp(1, at);
            finish.setString(2, "QW" + n);
            finish.executeUpdate();
        }
        try (PreparedStatement lead = c.prepareStatement("UPDATE lead SET state = 'DISPATCHED', dispatched_at = ?, sla_due = ?,"
                + " updated_at = ? WHERE id = ?")) {
            lead.setTimestamp(1, at);
            lead.setTimestamp(2, new Timestamp(at.getTime() + 86_400_000L));
            lead.setTimestamp(3, at);
            lead.setLong(4, n);
            lead.executeUpdate();
        }
        history(c, n, "DISPATCHED");
    }

    private static void feedback(Connection c, long n, String state) throws SQLException {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        String set = switch (state) {
            case "ACCEPTED" -> ", accepted_at = ?, sla_due = ?";
            case "CLOSED" -> ", closed_at = ?, outcome = 'RECTIFIED', sla_due = NULL";
            default -> "";
        };
        try (PreparedStatement update = c.prepareStatement("UPDATE lead SET state = ?, updated_at = ?" + set + " WHERE id = ?")) {
            int i = 1;
            update.setString(i++, state);
            update.setTimestamp(i++, now);
            if (!set.isEmpty()) {
                update.setTimestamp(i++, now);
                if (state.equals("ACCEPTED")) {
                    update.setTimestamp(i++, new Timestamp(now.getTime() + 30 * 86_400_000L));
                }
            }
            update.setLong(i, n);
            update.executeUpdate();
        }
        history(c, n, state);
    }

    private static void history(Connection c, long n, String event) throws SQLException {
        try (PreparedStatement history = c.prepareStatement("INSERT INTO lead_history (lead_id, at, actor, event, state, detail)"
                + " VALUES (?, ?, 'smart-grid:push', ?, ?, ?)")) {
            history.setLong(1, n);
            history.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            history.setString(3, event);
            history.setString(4, event);
            history.setString(5, "{\"code\":\"" + event + "\",\"text\":\"" + "某某事项已处理".repeat(8) + "\"}");
            history.executeUpdate();
        }
    }
}
