package io.leadbridge.triage;

import io.leadbridge.lead.Lead;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.reference.Towns;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Is this lead about a business at a place reported before? Earlier leads of the same place are found by the folded
 * place key (an index, never a scan); each is scored on what agrees: the place (the folded address, 0.5; the
 * location within {@code near-metres}, 0.1) and the business (ID number 0.3, phone 0.2, shop name 0.2, operator name
 * 0.1). At or above {@code threshold} it is the same business: another shop or operator at the same address scores
 * 0.6 at most, and another town or another number on the road is another place key. The answer:
 * <ul>
 *   <li>DUPLICATE when one of those reports has a case still open (not CLOSED): no new case, the lead merges
 *       into that one;</li>
 *   <li>REPEAT when their cases were all closed: a case of its own, repeating theirs;</li>
 *   <li>nothing otherwise (no earlier report with a case).</li>
 * </ul>
 * Runs in the lead's transaction, so it sees the leads taken in before it in the same group commit or file chunk;
 * and it locks the place first (table place_lock), so that two instances taking reports of one place at once take
 * turns: the second waits for the first to commit, then sees it.
 */
@Component
public class SameBusiness {

    /** Where a case counts as open: a department has it, or it came back to the town after an objection. */
    public static final Set<String> OPEN = Set.of("ROUTED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS", "DELIVERY_FAILED", "DISPUTED");

    /** An earlier report of the business: its lead, event, state, case. */
    public record Report(long id, String eventId, String state, String caseNo, String deptCode) {
    }

    /**
     * The check's finding: the relation, the reports it links to (the first report first; for a DUPLICATE the
     * one whose case is open is {@code open}), the best score and which fields agreed.
     */
    public record Finding(String relation, Report first, Report open, List<Report> closed, double score, String why) {
    }

    private static final int MAX_CANDIDATES = 200;

    private final JdbcClient jdbc;
    private final Towns towns;
    private final double threshold;
    private final double nearMetres;

    public SameBusiness(JdbcClient jdbc, Towns towns,
                        @Value("${bridge.triage.same-business.threshold:0.75}") double threshold,
                        @Value("${bridge.triage.same-business.near-metres:50}") double nearMetres) {
        this.jdbc = jdbc;
        this.towns = towns;
        this.threshold = threshold;
        this.nearMetres = nearMetres;
    }

    /** The business of a validated lead, folded. */
    public Business business(Lead lead) {
        String town = lead.townCode();
        return Business.of(lead, town != null && towns.contains(town) ? towns.name(town) : "");
    }

    /** The earlier reports of the same business as lead {@code id}, if any, and what that makes it. */
    public Optional<Finding> check(long id, Business business) {
        if (business.placeKey() == null) {
            return Optional.empty();
        }
        lockPlace(business.placeKey());
        record Scored(Report report, double score, String why) {
        }
        // only reports with a case, or merged into one, can make this lead a DUPLICATE or a REPEAT
        List<Scored> reports = jdbc.sql("SELECT id, event_id, state, case_no, dept_code, payload FROM lead WHERE place_key = ?"
                        + " AND id < ? AND (case_no IS NOT NULL OR state = 'MERGED') ORDER BY place_key, id LIMIT " + MAX_CANDIDATES)
                .params(business.placeKey(), id)
                .query((rs, n) -> {
                    List<String> agreed = new ArrayList<>();
                    double score = score(business, business(rs.getString(6)), agreed);
                    return new Scored(new Report(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                            score, String.join(", ", agreed));
                }).list().stream() // list(), not JdbcClient's stream(): that keeps its statement open until closed
                .filter(s -> s.score() >= threshold).toList();
        if (reports.isEmpty()) {
            return Optional.empty();
        }
        Scored first = reports.get(0);
        Optional<Scored> open = reports.stream()
                .filter(s -> s.report().caseNo() != null && OPEN.contains(s.report().state()))
                .reduce((a, b) -> b); // the latest open case of the business
        if (open.isPresent()) {
            Scored o = open.get();
            return Optional.of(new Finding(LeadLinks.DUPLICATE, first.report(), o.report(), List.of(), o.score(), o.why()));
        }
        List<Scored> closed = reports.stream().filter(s -> "CLOSED".equals(s.report().state()) && s.report().caseNo() != null).toList();
        if (closed.isEmpty()) {
            return Optional.empty(); // reported before, but nothing was opened or closed (dismissed): nothing to link to
        }
        Scored best = closed.stream().max(java.util.Comparator.comparingDouble(Scored::score)).orElseThrow();
        return Optional.of(new Finding(LeadLinks.REPEAT, first.report(), null, closed.stream().map(Scored::report).toList(),
                best.score(), best.why()));
    }

    /**
     * Holds the place's row until the transaction ends; the first report of a place makes it (two at once: one
     * insert fails on the key, a conflict its transaction is run again for, and then it finds the row).
     */
    private void lockPlace(String placeKey) {
        if (jdbc.sql("SELECT place_key FROM place_lock WHERE place_key = ? FOR UPDATE").param(placeKey)
                .query(String.class).optional().isEmpty()) {
            jdbc.sql("INSERT INTO place_lock (place_key) VALUES (?)").param(placeKey).update();
        }
    }

    /** The score of two reports being one business at one place; {@code agreed} gets the fields that agreed. */
    double score(Business a, Business b, List<String> agreed) {
        double score = 0;
        if (a.address() != null && a.address().equals(b.address())) {
            score += 0.5;
            agreed.add("address");
        }
        if (a.lng() != null && b.lng() != null && Business.metres(a.lng(), a.lat(), b.lng(), b.lat()) <= nearMetres) {
            score += 0.1;
            agreed.add("location within " + (int) nearMetres + " m");
        }
        score += same(a.idNumber(), b.idNumber(), 0.3, "ID number", agreed);
        score += same(a.phone(), b.phone(), 0.2, "phone", agreed);
        score += same(a.name(), b.name(), 0.2, "shop name", agreed);
        score += same(a.operator(), b.operator(), 0.1, "operator", agreed);
        return Math.min(1.0, Math.round(score * 100) / 100.0);
    }

    private static double same(String a, String b, double weight, String field, List<String> agreed) {
        if (a != null && a.equals(b)) {
            agreed.add(field);
            return weight;
        }
        return 0;
    }

    private Business business(String payload) {
        try {
            return business(Lead.parse(payload));
        } catch (IllegalArgumentException e) {
            return new Business(null, null, null, null, null, null, null, null);
        }
    }
}
