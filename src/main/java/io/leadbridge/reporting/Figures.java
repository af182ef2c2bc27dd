package io.leadbridge.reporting;

import io.leadbridge.reference.Departments;
import io.leadbridge.reference.Towns;
import io.leadbridge.sla.SlaClock;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The campaign's figures for a period, from the ledger: for the leads received in the period,
 * what has become of them (definitions in docs/metrics.md). By town, by department, by grid
 * inspector, or city-wide.
 */
@Component
public class Figures {

    /** The rates the bulletin ranks by, each numerator over denominator. */
    public static final Map<String, String[]> RATES = new LinkedHashMap<>();

    static {
        RATES.put("autoRoutingRate", new String[]{"routedAuto", "routed"});
        RATES.put("acceptedOnTimeRate", new String[]{"acceptedOnTime", "acceptDue"});
        RATES.put("closedOnTimeRate", new String[]{"closedOnTime", "closeDue"});
        RATES.put("objectionRate", new String[]{"objected", "dispatched"});
        RATES.put("confirmedRate", new String[]{"confirmed", "finished"});
        RATES.put("repeatRate", new String[]{"repeat", "received"});
        RATES.put("mergeRate", new String[]{"merged", "received"});
        RATES.put("urgedClosedInTimeRate", new String[]{"urgedClosedInTime", "urged"});
    }

    public static final List<String> OUTCOMES = List.of("LICENSED", "BANNED", "PENALIZED", "TRANSFERRED_JUDICIAL", "CEASED",
            "NOT_FOUND", "OTHER");

    /** The figures every scope shows, 0 or not. */
    static final List<String> SHOWN = List.of("received", "held", "escalated", "routed", "routedAuto", "routedManual",
            "disputed.NO_MATCH", "disputed.CONFLICT", "disputed.NO_PERMIT_RULE", "objected", "bounced", "dispatched", "acceptDue",
            "acceptedOnTime", "closeDue", "closedOnTime", "overdueNow", "finished", "confirmed", "major", "merged", "repeat", "urged",
            "urgedClosedInTime");

    /** The order counts are listed in: invalid, the shown figures, the outcomes; any other after them by name. */
    static final List<String> ORDER = java.util.stream.Stream.concat(java.util.stream.Stream.concat(
            java.util.stream.Stream.of("invalid"), SHOWN.stream()), OUTCOMES.stream().map(o -> "outcome." + o)).toList();

    private static final Map<String, Integer> RANK = new java.util.HashMap<>();

    static {
        ORDER.forEach(f -> RANK.put(f, RANK.size()));
    }

    static final Comparator<String> ORDERING = Comparator.comparingInt((String f) -> RANK.getOrDefault(f, ORDER.size()))
            .thenComparing(Comparator.naturalOrder());

    private final SlaClock sla;
    private final Towns towns;
    private final Departments departments;

    public Figures(SlaClock sla, Towns towns, Departments departments) {
        this.sla = sla;
        this.towns = towns;
        this.departments = departments;
    }

    /**
     * The figures of a scope from the tally's counters (key -> figure -> count, working days as
     * "~daysToAccept=3.0" -> how many): the same scopes, names, order and shown figures as from the ledger.
     * {@code scope} is city, town, dept, inspector, or dept@{town} (departments for one town's leads).
     */
    public List<ScopeFigures> fromCounts(String scope, Map<String, Map<String, Long>> counts) {
        String shownScope = scope.startsWith("dept@") ? "dept" : scope;
        Map<String, Map<String, Long>> byKey = new LinkedHashMap<>();
        switch (shownScope) {
            case "city" -> byKey.put("ALL", Map.of());
            case "town" -> towns.codes().forEach(code -> byKey.put(code, Map.of()));
            case "dept" -> departments.codes().forEach(code -> byKey.put(code, Map.of()));
            case "inspector" -> { }
            default -> throw new IllegalArgumentException("by: town, dept, inspector or city");
        }
        counts.forEach((key, figures) -> {
            boolean any = figures.values().stream().anyMatch(n -> n != 0);
            if (byKey.containsKey(key) || any && !shownScope.equals("dept")) {
                byKey.put(key, figures);
            }
        });
        List<ScopeFigures> out = new ArrayList<>();
        byKey.forEach((key, figures) -> {
            Map<String, Integer> n = new LinkedHashMap<>();
            Map<String, java.util.SortedMap<Double, Long>> days = new LinkedHashMap<>();
            days.put("daysToAccept", new java.util.TreeMap<>());
            days.put("daysToClose", new java.util.TreeMap<>());
            figures.forEach((figure, count) -> {
                if (figure.startsWith(Tally.DAYS)) {
                    int eq = figure.indexOf('=');
                    days.computeIfAbsent(figure.substring(1, eq), d -> new java.util.TreeMap<>())
                            .merge(Double.valueOf(figure.substring(eq + 1)), count, Long::sum);
                } else if (count != 0) {
                    n.put(figure, Math.toIntExact(count));
                }
            });
            Map<String, ScopeFigures.Spread> spreads = new LinkedHashMap<>();
            days.forEach((name, histogram) -> {
                histogram.values().removeIf(c -> c == 0);
                spreads.put(name, spread(histogram));
            });
            String name = switch (shownScope) {
                case "city" -> "全市";
                case "town" -> towns.name(key);
                case "dept" -> departments.name(key);
                default -> key;
            };
            ScopeFigures f = ScopeFigures.tallied(shownScope, key, name, n, spreads);
            ensureShown(f);
            out.add(f);
        });
        if (shownScope.equals("town") || shownScope.equals("inspector")) {
            out.sort(Comparator.comparing(ScopeFigures::key));
        }
        return out;
    }

    /**
     * What one lead (a ledger of one) counts in: the city, its town, its inspector and the departments it
     * was dispatched to, as {@link #city}, {@link #byTown}, {@link #byInspector} and {@link #byDepartment}
     * count it, without the scopes and figures it adds nothing to. For the tally, lead by lead.
     */
    List<ScopeFigures> oneLead(LedgerReader.Period one, OffsetDateTime now) {
        LedgerRow lead = one.leads().get(0);
        List<ScopeFigures> out = new ArrayList<>();
        out.add(counted(new ScopeFigures("city", "ALL", "全市"), lead, one, now));
        if (lead.townCode() != null) {
            out.add(counted(new ScopeFigures("town", lead.townCode(), lead.townCode()), lead, one, now));
        }
        if (lead.inspectorId() != null) {
            out.add(counted(new ScopeFigures("inspector", lead.inspectorId(), lead.inspectorId()), lead, one, now));
        }
        Map<String, ScopeFigures> depts = new LinkedHashMap<>();
        Set<String> codes = departments.codes();
        countInDepartments(lead, one, now,
                code -> codes.contains(code) ? depts.computeIfAbsent(code, c -> new ScopeFigures("dept", c, c)) : null);
        depts.values().forEach(f -> spreads(f, one));
        out.addAll(depts.values());
        return out;
    }

    private ScopeFigures counted(ScopeFigures f, LedgerRow lead, LedgerReader.Period one, OffsetDateTime now) {
        count(f, lead, one, now);
        spreads(f, one);
        return f;
    }

    public ScopeFigures city(LedgerReader.Period period, OffsetDateTime now) {
        ScopeFigures city = new ScopeFigures("city", "ALL", "全市");
        for (LedgerRow lead : period.leads()) {
            count(city, lead, period, now);
        }
        finish(city, period, now);
        return city;
    }

    public List<ScopeFigures> byTown(LedgerReader.Period period, OffsetDateTime now) {
        return by(period, now, "town", LedgerRow::townCode, towns::name);
    }

    /**
     * By department: the dispatch figures of the leads dispatched to it (its current case), and
     * the objections it raised.
     */
    public List<ScopeFigures> byDepartment(LedgerReader.Period period, OffsetDateTime now) {
        Map<String, ScopeFigures> out = new LinkedHashMap<>();
        for (String code : departments.codes()) {
            out.put(code, new ScopeFigures("dept", code, departments.name(code)));
        }
        for (LedgerRow lead : period.leads()) {
            countInDepartments(lead, period, now, out::get);
        }
        out.values().forEach(f -> finish(f, period, now));
        return new ArrayList<>(out.values());
    }

    /**
     * One lead in the departments' figures: dispatched (and objected) for every department it was dispatched
     * to, and the dispatch figures of its current case for its current department. {@code scope} gives a
     * department's figures, null for a department not counted (not in the departments table).
     */
    private void countInDepartments(LedgerRow lead, LedgerReader.Period period, OffsetDateTime now,
                                    Function<String, ScopeFigures> scope) {
        for (String dept : period.dispatchedTo().getOrDefault(lead.id(), Set.of())) {
            ScopeFigures f = scope.apply(dept);
            if (f != null) {
                f.add("dispatched", lead.ref());
                if (period.objectedBy().getOrDefault(lead.id(), Set.of()).contains(dept)) {
                    f.add("objected", lead.ref());
                }
            }
        }
        ScopeFigures current = lead.deptCode() == null || lead.caseNo() == null ? null : scope.apply(lead.deptCode());
        if (current != null) {
            dispatchFigures(current, lead, now);
        }
    }

    public List<ScopeFigures> byInspector(LedgerReader.Period period, OffsetDateTime now) {
        return by(period, now, "inspector", LedgerRow::inspectorId, id -> id);
    }

    private List<ScopeFigures> by(LedgerReader.Period period, OffsetDateTime now, String scope, Function<LedgerRow, String> key,
                                  Function<String, String> name) {
        Map<String, ScopeFigures> out = new LinkedHashMap<>();
        if (scope.equals("town")) {
            towns.codes().forEach(code -> out.put(code, new ScopeFigures(scope, code, towns.name(code))));
        }
        for (LedgerRow lead : period.leads()) {
            String k = key.apply(lead);
            if (k != null) {
                ScopeFigures f = out.computeIfAbsent(k, c -> new ScopeFigures(scope, c, name.apply(c)));
                count(f, lead, period, now);
            }
        }
        out.values().forEach(f -> finish(f, period, now));
        List<ScopeFigures> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing(ScopeFigures::key));
        return list;
    }

    private void count(ScopeFigures f, LedgerRow lead, LedgerReader.Period period, OffsetDateTime now) {
        String ref = lead.ref();
        if ("INVALID".equals(lead.state())) {
            f.add("invalid", ref);
            return;
        }
        f.add("received", ref);
        if ("MERGED".equals(lead.state())) {
            f.add("merged", ref); // merged into another report's open case: nothing else counts
            return;
        }
        if (lead.repeat()) {
            f.add("repeat", ref);
        }
        if ("HELD".equals(lead.state())) {
            f.add("held", ref);
        }
        if (lead.decision() != null) {
            f.add("escalated", ref);
        }
        if ("MAJOR".equals(lead.hazard())) {
            f.add("major", ref);
        }
        for (String reason : period.routerDisputes().getOrDefault(lead.id(), Set.of())) {
            f.add("disputed." + reason, ref);
        }
        if (period.objectedBy().containsKey(lead.id())) {
            f.add("objected", ref);
        }
        if ("BOUNCED".equals(lead.reviewFlag())) {
            f.add("bounced", ref);
        }
        if ("AUTO".equals(lead.firstMode())) {
            f.add("routedAuto", ref);
            f.add("routed", ref);
        } else if ("MANUAL".equals(lead.firstMode())) {
            f.add("routedManual", ref);
            f.add("routed", ref);
        }
        if (lead.caseNo() != null) {
            f.add("dispatched", ref);
            dispatchFigures(f, lead, now);
        }
        if ("CLOSED".equals(lead.state()) || "DISMISSED".equals(lead.state())) {
            f.add("finished", ref);
            if ("CLOSED".equals(lead.state()) && !"NOT_FOUND".equals(lead.outcome())) {
                f.add("confirmed", ref);
            }
        }
    }

    /** Accept and close on time, overdue now, outcomes, urged: of the lead's current dispatch. */
    private static void dispatchFigures(ScopeFigures f, LedgerRow lead, OffsetDateTime now) {
        String ref = lead.ref();
        boolean open = List.of("ROUTED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS").contains(lead.state());
        if (lead.deadlineAccept() != null && (lead.acceptedAt() != null || lead.deadlineAccept().isBefore(now))) {
            f.add("acceptDue", ref);
            if (lead.acceptedAt() != null && !lead.acceptedAt().isAfter(lead.deadlineAccept())) {
                f.add("acceptedOnTime", ref);
            }
        }
        if (lead.deadlineFinish() != null && ("CLOSED".equals(lead.state()) || open && lead.deadlineFinish().isBefore(now))) {
            f.add("closeDue", ref);
            if (lead.closedAt() != null && !lead.closedAt().isAfter(lead.deadlineFinish())) {
                f.add("closedOnTime", ref);
            }
        }
        boolean acceptLate = lead.acceptedAt() == null && lead.deadlineAccept() != null && lead.deadlineAccept().isBefore(now)
                && List.of("ROUTED", "DISPATCHED").contains(lead.state());
        boolean closeLate = open && lead.deadlineFinish() != null && lead.deadlineFinish().isBefore(now);
        if (acceptLate || closeLate) {
            f.add("overdueNow", ref);
        }
        if ("CLOSED".equals(lead.state()) && lead.outcome() != null) {
            f.add("outcome." + lead.outcome(), ref);
        }
        if (lead.urged()) {
            f.add("urged", ref); // 督办: closed by the deadline of the last urge (its new one, else the case's own)?
            if ("CLOSED".equals(lead.state()) && lead.closedAt() != null && lead.urgedUntil() != null
                    && !lead.closedAt().isAfter(lead.urgedUntil())) {
                f.add("urgedClosedInTime", ref);
            }
        }
    }

    /** Every shown figure present, 0 when nothing counted. */
    static void ensureShown(ScopeFigures f) {
        SHOWN.forEach(f::ensure);
        OUTCOMES.forEach(o -> f.ensure("outcome." + o));
    }

    private void finish(ScopeFigures f, LedgerReader.Period period, OffsetDateTime now) {
        ensureShown(f);
        spreads(f, period);
    }

    /** Working days to accept and to close of the scope's dispatched leads (its current cases, for a department). */
    private void spreads(ScopeFigures f, LedgerReader.Period period) {
        List<Double> toAccept = new ArrayList<>();
        List<Double> toClose = new ArrayList<>();
        for (LedgerRow lead : period.leads()) {
            if (!f.leads("dispatched").contains(lead.ref()) || lead.dispatchedAt() == null) {
                continue;
            }
            if (f.scope().startsWith("dept") && !f.key().equals(lead.deptCode())) {
                continue;
            }
            if (lead.acceptedAt() != null) {
                toAccept.add((double) sla.workingDaysRun(lead.dispatchedAt(), lead.acceptedAt()));
            }
            if (lead.closedAt() != null && "CLOSED".equals(lead.state())) {
                toClose.add((double) sla.workingDaysRun(lead.dispatchedAt(), lead.closedAt()));
            }
        }
        f.spread("daysToAccept", spread(toAccept));
        f.spread("daysToClose", spread(toClose));
    }

    /**
     * When the lead's figures next change with the clock alone (a deadline passing with no write),
     * null when they never do: accept-due and overdue turn on when the accept deadline passes
     * unaccepted, close-due and overdue when the close deadline passes with the case open.
     */
    static OffsetDateTime nextChange(LedgerRow lead, OffsetDateTime now) {
        OffsetDateTime next = null;
        if (lead.deadlineAccept() != null && lead.acceptedAt() == null && !lead.deadlineAccept().isBefore(now)) {
            next = lead.deadlineAccept();
        }
        boolean open = List.of("ROUTED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS").contains(lead.state());
        if (open && lead.deadlineFinish() != null && !lead.deadlineFinish().isBefore(now)
                && (next == null || lead.deadlineFinish().isBefore(next))) {
            next = lead.deadlineFinish();
        }
        return next;
    }

    /** Median and 90th percentile, nearest rank, of values given as value -> how many times. */
    static ScopeFigures.Spread spread(java.util.SortedMap<Double, Long> histogram) {
        long n = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return new ScopeFigures.Spread(0, null, null);
        }
        return new ScopeFigures.Spread((int) n, percentile(histogram, n, 50), percentile(histogram, n, 90));
    }

    private static double percentile(java.util.SortedMap<Double, Long> histogram, long n, int p) {
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (Map.Entry<Double, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return histogram.lastKey();
    }

    /** Median and 90th percentile, nearest rank. */
    static ScopeFigures.Spread spread(List<Double> values) {
        if (values.isEmpty()) {
            return new ScopeFigures.Spread(0, null, null);
        }
        List<Double> sorted = values.stream().sorted().toList();
        return new ScopeFigures.Spread(sorted.size(), percentile(sorted, 50), percentile(sorted, 90));
    }

    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
