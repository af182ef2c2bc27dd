package io.leadbridge.ledger;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Links between reports of the same business at the same place (table lead_link): a DUPLICATE merged into an open
 * case, a REPEAT of closed ones. Written by the same-business check (triage) in the lead's transaction.
 */
@Component
public class LeadLinks {

    public static final String DUPLICATE = "DUPLICATE";
    public static final String REPEAT = "REPEAT";
    /** Who made a link found by the same-business check. */
    public static final String BY_CHECK = "triage";
    /** How a link made by a person begins its why (the reason they gave follows). */
    public static final String BY_HAND = "linked by hand: ";

    /** A link as the API shows it: the lead linked to, its case, the relation, the score and which fields agreed. */
    public record Related(String eventId, String caseNo, String relation, BigDecimal score, String why) {
    }

    /** A report merged into a case, to be told what happens to that case. */
    public record Merged(String eventId, Long version) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LeadLedger ledger;

    public LeadLinks(JdbcClient jdbc, Clock clock, LeadLedger ledger) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ledger = ledger;
    }

    public void link(long leadId, long linkedId, String relation, String caseNo, double score, String why, String by) {
        jdbc.sql("INSERT INTO lead_link (lead_id, linked_id, relation, case_no, score, why, linked_at, linked_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(leadId, linkedId, relation, caseNo, BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_UP),
                        why.length() > 500 ? why.substring(0, 500) : why, OffsetDateTime.now(clock), by)
                .update();
        ledger.changed(leadId); // a REPEAT counts in the figures
    }

    /** Removes every link of this lead to earlier reports (a person said they are not the same business). */
    public int unlinkAll(long leadId) {
        ledger.changed(leadId);
        return jdbc.sql("DELETE FROM lead_link WHERE lead_id = ?").param(leadId).update();
    }

    /** Forgets what the check linked this lead to (a new version is checked again). */
    public void forgetChecked(long leadId) {
        ledger.changed(leadId);
        jdbc.sql("DELETE FROM lead_link WHERE lead_id = ? AND linked_by = ?").params(leadId, BY_CHECK).update();
    }

    /** The leads this one was linked to, the first report first. */
    public List<Related> related(long leadId) {
        return jdbc.sql("SELECT l.event_id, k.case_no, k.relation, k.score, k.why FROM lead_link k JOIN lead l ON l.id = k.linked_id"
                        + " WHERE k.lead_id = ? ORDER BY k.linked_id")
                .param(leadId)
                .query((rs, n) -> new Related(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5)))
                .list();
    }

    /** The earlier case numbers a REPEAT lead repeats (the case's repeat_of), oldest first. */
    public List<String> repeatOf(long leadId) {
        return jdbc.sql("SELECT DISTINCT case_no, linked_id FROM lead_link WHERE lead_id = ? AND relation = 'REPEAT'"
                        + " AND case_no IS NOT NULL ORDER BY linked_id")
                .param(leadId).query((rs, n) -> rs.getString(1)).list();
    }

    /** One report of a business, as the 久治未清 list shows it. */
    public record Report(String eventId, String state, String caseNo, OffsetDateTime receivedAt) {
    }

    /** A business reported again and again: its first report, its town and place, and every report in order. */
    public record Stubborn(String firstEventId, String townCode, String place, int reports, List<Report> history) {
    }

    /**
     * Businesses reported at least {@code minReports} times (久治未清): the reports linked to one first report, most
     * reported first (at most {@code limit}).
     */
    public List<Stubborn> stubborn(int minReports, int limit) {
        List<long[]> firsts = jdbc.sql("SELECT linked_id, COUNT(DISTINCT lead_id) FROM lead_link GROUP BY linked_id"
                        + " HAVING COUNT(DISTINCT lead_id) >= ? ORDER BY COUNT(DISTINCT lead_id) DESC, linked_id LIMIT ?")
                .params(minReports - 1, limit).query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        List<Stubborn> list = new java.util.ArrayList<>();
        for (long[] first : firsts) {
            List<Report> history = jdbc.sql("SELECT event_id, state, case_no, received_at FROM lead WHERE id = ?"
                            + " OR id IN (SELECT lead_id FROM lead_link WHERE linked_id = ?) ORDER BY id")
                    .params(first[0], first[0])
                    .query((rs, n) -> new Report(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class))).list();
            jdbc.sql("SELECT event_id, town_code, place_key FROM lead WHERE id = ?").param(first[0])
                    .query((rs, n) -> new Stubborn(rs.getString(1), rs.getString(2), place(rs.getString(3)), history.size(), history))
                    .optional().ifPresent(list::add);
        }
        return list;
    }

    /** The folded address of a place key (town code:address). */
    private static String place(String placeKey) {
        return placeKey == null ? null : placeKey.substring(placeKey.indexOf(':') + 1);
    }

    /** The reports merged into a case. */
    public List<Merged> mergedInto(String caseNo) {
        return jdbc.sql("SELECT DISTINCT l.event_id, l.version FROM lead_link k JOIN lead l ON l.id = k.lead_id"
                        + " WHERE k.case_no = ? AND k.relation = 'DUPLICATE' AND l.state = 'MERGED'")
                .param(caseNo).query((rs, n) -> new Merged(rs.getString(1), rs.getLong(2))).list();
    }
}
