package io.leadbridge.ledger;

import io.leadbridge.config.ClockConfig;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lead table and its append-only history. Callers hold the transaction. */
@Repository
public class LeadLedger {

    private static final String COLUMNS = "id, event_id, version, state, channel, origin, town_code, dept_code, case_no,"
            + " dispatch_seq, decision, reason, hazard, candidates, catalogue_version, review_flag, payload, routing,"
            + " errors, received_at, updated_at, dispatched_at, deadline_accept, deadline_finish, accepted_at, closed_at,"
            + " outcome, sla_used_days, objections, objection_code, objection_note, suggested_dept, overdue_accept_at,"
            + " overdue_close_at";

    private static final RowMapper<LeadRecord> ROW = LeadLedger::map;
    private static final Object NOTED = new Object();

    private final JdbcClient jdbc;
    private final Clock clock;

    public LeadLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new valid lead; fails with DuplicateKeyException when the eventId is already in the ledger. */
    public long insertValid(String eventId, long version, String channel, String origin, String townCode, String inspectorId,
                            String payload, String placeKey, OffsetDateTime reportedAt) {
        return insert(eventId, eventId, version, LeadState.RECEIVED, channel, origin, townCode, inspectorId, payload, null,
                placeKey, reportedAt, OffsetDateTime.now(clock));
    }

    /** An input that is not a valid lead, kept with its problems; {@code townCode} when it could be read. */
    public long insertInvalid(String eventId, Long version, String channel, String origin, String townCode, String payload,
                              String errors) {
        return insert(eventId, null, version, LeadState.INVALID, channel, origin, townCode, null, payload, errors,
                null, null, OffsetDateTime.now(clock));
    }

    /** A copy of a version already held, with other content: kept beside it for review (review cause CONFLICT). */
    public long insertConflict(String eventId, long version, String channel, String origin, String townCode, String payload,
                               String errors) {
        long id = insertInvalid(eventId, version, channel, origin, townCode, payload, errors);
        jdbc.sql("UPDATE lead SET reason = 'CONFLICT' WHERE id = ?").param(id).update();
        return id;
    }

    /** A refused input's reference and when it came. */
    public record Refused(String ref, OffsetDateTime at) {
    }

    /** The inputs refused that carried this eventId, latest first (at most 20). */
    public List<Refused> refused(String eventId) {
        return jdbc.sql("SELECT id, received_at FROM lead WHERE event_id = ? AND state = 'INVALID' ORDER BY id DESC LIMIT 20")
                .param(eventId)
                .query((rs, n) -> new Refused("invalid-" + rs.getLong(1), rs.getObject(2, OffsetDateTime.class))).list();
    }

    private long insert(String eventId, String eventKey, Long version, LeadState state, String channel, String origin,
                        String townCode, String inspectorId, String payload, String errors, String placeKey,
                        OffsetDateTime reportedAt, OffsetDateTime now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO lead (event_id, event_key, version, state, channel, origin, town_code, inspector_id, payload, errors,"
                        + " place_key, reported_at, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(eventId, eventKey, version, state.name(), channel, origin, townCode, inspectorId, payload, errors, placeKey,
                        reportedAt, now, now)
                .update(keys, "id");
        long id = keys.getKey().longValue();
        changed(id);
        if (eventKey != null) {
            searchable(id, true);
        }
        return id;
    }

    /**
     * Notes that the lead's figures may have changed, in the lead's own transaction, once per lead and
     * transaction: the tally (reporting.TallyStore) folds it into the counters after the commit.
     */
    /** The lead's figures may have changed without a change to its row (it was urged): counted again after the commit. */
    public void figuresChanged(long id) {
        changed(id);
    }

    void changed(long id) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            @SuppressWarnings("unchecked")
            java.util.Set<Long> noted = (java.util.Set<Long>) TransactionSynchronizationManager.getResource(NOTED);
            if (noted == null) {
                java.util.Set<Long> fresh = new java.util.HashSet<>();
                TransactionSynchronizationManager.bindResource(NOTED, fresh);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(NOTED);
                    }
                });
                noted = fresh;
            }
            if (!noted.add(id)) {
                return;
            }
        }
        jdbc.sql("INSERT INTO tally_change (lead_id) VALUES (?)").param(id).update();
    }

    /**
     * The lead of an eventId, locked for this transaction; empty for a new one (whose insert then fails on the
     * unique event_key if another transaction inserts it meanwhile). Looked up first without a lock: H2
     * parses a FOR UPDATE query anew each time, and most eventIds are new.
     */
    public Optional<LeadRecord> lockByEventId(String eventId) {
        return jdbc.sql("SELECT id FROM lead WHERE event_key = ?").param(eventId).query(Long.class).optional()
                .flatMap(this::lockById);
    }

    public Optional<LeadRecord> lockById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id = ? FOR UPDATE").param(id).query(ROW).optional();
    }

    /** Ids of the leads in a state with one of the reasons, oldest first. */
    public List<Long> idsInState(LeadState state, List<String> reasons) {
        List<Object> params = new ArrayList<>();
        params.add(state.name());
        params.addAll(reasons);
        return jdbc.sql("SELECT id FROM lead WHERE state = ? AND reason IN ("
                        + String.join(", ", java.util.Collections.nCopies(reasons.size(), "?")) + ") ORDER BY received_at, id")
                .params(params).query(Long.class).list();
    }

    public Optional<LeadRecord> findByEventId(String eventId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE event_key = ?").param(eventId).query(ROW).optional();
    }

    /** By the API's reference: an eventId, or invalid-{id}. */
    public Optional<LeadRecord> findByRef(String ref) {
        if (ref.startsWith("invalid-")) {
            try {
                long id = Long.parseLong(ref.substring("invalid-".length()));
                return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id = ? AND state = 'INVALID'").param(id).query(ROW).optional();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return findByEventId(ref);
    }

    /** The leads with these ids, in the order given. */
    public List<LeadRecord> findByIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, LeadRecord> found = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id IN (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))
                        + ")").params(new ArrayList<Object>(ids)).query(ROW).list().forEach(l -> found.put(l.id(), l));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** How Smart-Grid knows a lead (eventId, version) and when its case was dispatched. */
    public record Reported(String eventId, Long version, OffsetDateTime dispatchedAt) {
    }

    /** {@link Reported} alone, without reading the lead's JSON. */
    public Optional<Reported> reported(long id) {
        return jdbc.sql("SELECT event_id, version, dispatched_at FROM lead WHERE id = ?").param(id)
                .query((rs, n) -> new Reported(rs.getString(1), rs.getObject(2, Long.class),
                        rs.getObject(3, OffsetDateTime.class)))
                .optional();
    }

    public Optional<LeadRecord> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE id = ?").param(id).query(ROW).optional();
    }

    public void updateVersion(long id, long version, String payload, String townCode, String placeKey, OffsetDateTime reportedAt) {
        jdbc.sql("UPDATE lead SET version = ?, payload = ?, town_code = ?, place_key = ?, reported_at = ?, updated_at = ? WHERE id = ?")
                .params(version, payload, townCode, placeKey, reportedAt, OffsetDateTime.now(clock), id).update();
        changed(id);
        searchable(id, false);
    }

    /** A new version of a lead whose case exists: recorded on it (a later dispatch sends it) and flagged; nothing else moves. */
    public void raiseVersion(long id, long version, String payload, String reviewFlag, OffsetDateTime reportedAt) {
        jdbc.sql("UPDATE lead SET version = ?, payload = ?, review_flag = ?, reported_at = ?, updated_at = ? WHERE id = ?")
                .params(version, payload, reviewFlag, reportedAt, OffsetDateTime.now(clock), id).update();
        changed(id);
        searchable(id, false);
    }

    /**
     * Notes, in the lead's transaction, that its text is to be indexed for search (a valid lead, a new version):
     * the search index (search.SearchIndex) writes its grams after the commit. {@code fresh}: a new lead, none yet.
     */
    private void searchable(long id, boolean fresh) {
        jdbc.sql("INSERT INTO search_pending (lead_id, fresh) VALUES (?, ?)").params(id, fresh).update();
    }

    public void setState(long id, LeadState state) {
        jdbc.sql("UPDATE lead SET state = ?, updated_at = ? WHERE id = ?").params(state.name(), OffsetDateTime.now(clock), id).update();
        changed(id);
    }

    /** The router's decision as the ledger keeps it. */
    public record Decision(String decision, String reason, String hazard, String candidates, String catalogueVersion,
                           String routingJson) {
    }

    /** Records the router's decision and the state it leads to. */
    public void setDecision(long id, LeadState state, Decision d, String deptCode) {
        jdbc.sql("UPDATE lead SET state = ?, decision = ?, reason = ?, hazard = ?, candidates = ?, catalogue_version = ?,"
                        + " dept_code = ?, routing = ?, updated_at = ? WHERE id = ?")
                .params(state.name(), d.decision(), d.reason(), d.hazard(), d.candidates(), d.catalogueVersion(), deptCode,
                        d.routingJson(), OffsetDateTime.now(clock), id).update();
        changed(id);
    }

    /**
     * A (new) dispatch of the lead's case: its department, number, time and deadlines; clears overdue flags.
     * With the router's decision that made it (null when a person assigned it), in the same update: on H2
     * every update of a row rewrites all the table's indexes, so one update instead of two counts.
     */
    public void setDispatch(long id, String caseNo, int dispatchSeq, String deptCode, OffsetDateTime dispatchedAt,
                            OffsetDateTime deadlineAccept, OffsetDateTime deadlineFinish, Decision decision) {
        String dispatch = "state = ?, case_no = ?, dispatch_seq = ?, dept_code = ?, dispatched_at = ?, deadline_accept = ?,"
                + " deadline_finish = ?, accepted_at = NULL, overdue_accept_at = NULL, overdue_close_at = NULL, updated_at = ?";
        List<Object> params = new ArrayList<>(List.of(LeadState.ROUTED.name(), caseNo, dispatchSeq, deptCode, dispatchedAt,
                deadlineAccept, deadlineFinish, OffsetDateTime.now(clock)));
        if (decision != null) {
            dispatch += ", decision = ?, reason = ?, hazard = ?, candidates = ?, catalogue_version = ?, routing = ?";
            params.addAll(java.util.Arrays.asList(decision.decision(), decision.reason(), decision.hazard(), decision.candidates(),
                    decision.catalogueVersion(), decision.routingJson()));
        }
        params.add(id);
        jdbc.sql("UPDATE lead SET " + dispatch + " WHERE id = ?").params(params).update();
        changed(id);
    }

    /** Moves the lead from one state to another; false (nothing changed) when it was not in {@code from}. */
    public boolean setStateIf(long id, LeadState from, LeadState to) {
        boolean moved = jdbc.sql("UPDATE lead SET state = ?, updated_at = ? WHERE id = ? AND state = ?")
                .params(to.name(), OffsetDateTime.now(clock), id, from.name()).update() == 1;
        if (moved) {
            changed(id);
        }
        return moved;
    }

    public void accepted(long id, OffsetDateTime at) {
        jdbc.sql("UPDATE lead SET state = ?, accepted_at = ?, updated_at = ? WHERE id = ?")
                .params(LeadState.ACCEPTED.name(), at, OffsetDateTime.now(clock), id).update();
        changed(id);
    }

    public void closed(long id, OffsetDateTime at, String outcome) {
        jdbc.sql("UPDATE lead SET state = ?, closed_at = ?, outcome = ?, updated_at = ? WHERE id = ?")
                .params(LeadState.CLOSED.name(), at, outcome, OffsetDateTime.now(clock), id).update();
        changed(id);
    }

    /** The case goes back to its town: DISPUTED by OBJECTION; the close clock keeps the days it ran. */
    public void objected(long id, String code, String note, String suggestedDept, int slaUsedDays, String reviewFlag) {
        jdbc.sql("UPDATE lead SET state = ?, reason = 'OBJECTION', decision = 'DISPUTED', objections = objections + 1,"
                        + " objection_code = ?, objection_note = ?, suggested_dept = ?, sla_used_days = ?,"
                        + " review_flag = COALESCE(?, review_flag), updated_at = ? WHERE id = ?")
                .params(LeadState.DISPUTED.name(), code, note, suggestedDept, slaUsedDays, reviewFlag,
                        OffsetDateTime.now(clock), id).update();
        changed(id);
    }

    /** Who is handling the lead now (null to release). */
    public void claim(long id, String by) {
        jdbc.sql("UPDATE lead SET claimed_by = ?, claimed_at = ? WHERE id = ?")
                .params(by, by == null ? null : OffsetDateTime.now(clock), id).update();
    }

    public Optional<String> claimedBy(long id) {
        return jdbc.sql("SELECT claimed_by FROM lead WHERE id = ?").param(id).query(String.class).optional();
    }

    public void addNote(long id, String author, String text) {
        jdbc.sql("INSERT INTO lead_note (lead_id, at, author, text) VALUES (?, ?, ?, ?)")
                .params(id, OffsetDateTime.now(clock), author, text).update();
    }

    public List<HistoryEntry> notes(long id) {
        return jdbc.sql("SELECT at, author, text FROM lead_note WHERE lead_id = ? ORDER BY id").param(id)
                .query((rs, n) -> new HistoryEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), "NOTE", null,
                        rs.getString(3), Detail.text(rs.getString(3))))
                .list();
    }

    public void dismiss(long id, String reason) {
        jdbc.sql("UPDATE lead SET state = ?, outcome = ?, closed_at = ?, updated_at = ? WHERE id = ?")
                .params(LeadState.DISMISSED.name(), reason, OffsetDateTime.now(clock), OffsetDateTime.now(clock), id).update();
        changed(id);
    }

    public Optional<LeadRecord> lockByCaseNo(String caseNo) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM lead WHERE case_no = ? FOR UPDATE").param(caseNo).query(ROW).optional();
    }

    /** Open cases past a deadline and not yet flagged; flags them and answers their ids. */
    public List<Long> flagOverdue(String which, OffsetDateTime now) {
        String flag = which.equals("ACCEPT") ? "overdue_accept_at" : "overdue_close_at";
        List<Long> ids = jdbc.sql(overdueQuery(which)).params(ClockConfig.BEGINNING, now, now).query(Long.class).list();
        for (long id : ids) {
            jdbc.sql("UPDATE lead SET " + flag + " = ? WHERE id = ?").params(now, id).update();
        }
        return ids;
    }

    /**
     * The open cases past their accept (ACCEPT) or close deadline and not flagged for it yet; parameters: the
     * beginning, now, now. Read by sla_due, the earliest deadline not flagged yet (V28), so only what is due and not
     * every open case. sla_due is null but in the four open states, so the states are told apart within them, and by a
     * NOT IN, which no index serves: given the state index, H2 would choose it and read every open case.
     */
    public static String overdueQuery(String which) {
        boolean accept = which.equals("ACCEPT");
        return "SELECT id FROM lead WHERE sla_due > ? AND sla_due < ?"
                + (accept ? " AND state NOT IN ('ACCEPTED', 'IN_PROGRESS') AND deadline_accept < ? AND overdue_accept_at IS NULL"
                : " AND deadline_finish < ? AND overdue_close_at IS NULL");
    }

    /** Cases past a deadline now: not accepted in time and still unaccepted, or not closed in time and still open. */
    public long countOverdue() {
        return jdbc.sql("SELECT COUNT(*) FROM lead" + LeadFilter.OVERDUE).query(Long.class).single();
    }

    public void appendHistory(long leadId, String actor, String event, LeadState state, Detail detail) {
        jdbc.sql("INSERT INTO lead_history (lead_id, at, actor, event, state, detail, detail_code, detail_args)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(leadId, OffsetDateTime.now(clock), actor, event, state == null ? null : state.name(), detail.english(),
                        detail.code(), detail.argsJson()).update();
        if (event.equals("DISPUTED") || event.equals("OBJECTION")) {
            changed(leadId);
        }
    }

    public List<HistoryEntry> history(long leadId) {
        return jdbc.sql("SELECT at, actor, event, state, detail, detail_code, detail_args FROM lead_history WHERE lead_id = ? ORDER BY id")
                .param(leadId)
                .query((rs, n) -> new HistoryEntry(rs.getObject("at", OffsetDateTime.class), rs.getString("actor"),
                        rs.getString("event"), rs.getString("state"), rs.getString("detail"),
                        Detail.stored(rs.getString("detail"), rs.getString("detail_code"), rs.getString("detail_args"))))
                .list();
    }

    /** How many URGE notices a case's dispatch had (督办). */
    public long urged(long id, Integer dispatchSeq) {
        return jdbc.sql("SELECT COUNT(*) FROM notice WHERE lead_id = ? AND dispatch_seq = ? AND kind = 'URGE'")
                .params(id, dispatchSeq).query(Long.class).single();
    }

    /** How many leads the filter lists. */
    public long count(LeadFilter filter) {
        List<Object> params = new ArrayList<>();
        return jdbc.sql("SELECT COUNT(*) FROM lead" + filter.where(params)).params(params).query(Long.class).single();
    }

    /** A filtered, paged list; a null filter value means any. */
    public Page<LeadRecord> list(LeadFilter filter, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(params);
        long total = count(filter);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        // the page's ids first, from the filter's index alone (no row is read to sort the matches: a city-wide
        // review list sorts some tens of thousands of index entries), then the page's rows by id
        List<Long> ids = jdbc.sql("SELECT id FROM lead" + where + filter.orderBy() + " LIMIT ? OFFSET ?")
                .params(pageParams).query(Long.class).list();
        return new Page<>(findByIds(ids), page, size, total);
    }

    public long countInState(LeadState state) {
        return jdbc.sql("SELECT COUNT(*) FROM lead WHERE state = ?").param(state.name()).query(Long.class).single();
    }

    private static LeadRecord map(ResultSet rs, int n) throws SQLException {
        return new LeadRecord(rs.getLong("id"), rs.getString("event_id"), rs.getObject("version", Long.class),
                LeadState.valueOf(rs.getString("state")), rs.getString("channel"), rs.getString("origin"),
                rs.getString("town_code"), rs.getString("dept_code"), rs.getString("case_no"),
                (Integer) rs.getObject("dispatch_seq"), rs.getString("decision"), rs.getString("reason"),
                rs.getString("hazard"), rs.getString("candidates"), rs.getString("catalogue_version"),
                rs.getString("review_flag"), rs.getString("payload"), rs.getString("routing"), rs.getString("errors"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                new CaseProgress(rs.getObject("dispatched_at", OffsetDateTime.class),
                        rs.getObject("deadline_accept", OffsetDateTime.class), rs.getObject("deadline_finish", OffsetDateTime.class),
                        rs.getObject("accepted_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                        rs.getString("outcome"), rs.getInt("sla_used_days"), rs.getInt("objections"),
                        rs.getString("objection_code"), rs.getString("objection_note"), rs.getString("suggested_dept"),
                        rs.getObject("overdue_accept_at", OffsetDateTime.class),
                        rs.getObject("overdue_close_at", OffsetDateTime.class)));
    }
}
