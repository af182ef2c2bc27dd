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
    }

    public static final List<String> OUTCOMES = List.of("LICENSED", "BANNED", "PENALIZED", "TRANSFERRED_JUDICIAL", "CEASED",
            "NOT_FOUND", "OTHER");

    private final SlaClock sla;
    private final Towns towns;
    private final Departments departments;

    public Figures(SlaClock sla, Towns towns, Departments departments) {
        this.sla = sla;
        this.towns = towns;
        this.departments = departments;
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
            Set<String> to = period.dispatchedTo().getOrDefault(lead.id(), Set.of());
            for (String dept : to) {
                ScopeFigures f = out.get(dept);
                if (f != null) {
                    f.add("dispatched", lead.ref());
                    if (period.objectedBy().getOrDefault(lead.id(), Set.of()).contains(dept)) {
                        f.add("objected", lead.ref());
                    }
                }
            }
            ScopeFigures current = lead.deptCode() == null ? null : out.get(lead.deptCode());
            if (current != null && lead.caseNo() != null) {
                dispatchFigures(current, lead, now);
            }
        }
        out.values().forEach(f -> finish(f, period, now));
        return new ArrayList<>(out.values());
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

    /** Accept and close on time, overdue now, outcomes: of the lead's current dispatch. */
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
    }

    private void finish(ScopeFigures f, LedgerReader.Period period, OffsetDateTime now) {
        for (String figure : List.of("received", "held", "escalated", "routed", "routedAuto", "routedManual", "disputed.NO_MATCH",
                "disputed.CONFLICT", "disputed.NO_PERMIT_RULE", "objected", "bounced", "dispatched", "acceptDue", "acceptedOnTime",
                "closeDue", "closedOnTime", "overdueNow", "finished", "confirmed", "major")) {
            f.ensure(figure);
        }
        OUTCOMES.forEach(o -> f.ensure("outcome." + o));
        List<Double> toAccept = new ArrayList<>();
        List<Double> toClose = new ArrayList<>();
        for (LedgerRow lead : period.leads()) {
            if (!f.leads("dispatched").contains(lead.ref()) || lead.dispatchedAt() == null) {
                continue;
            }
            if (f.scope().equals("dept") && !f.key().equals(lead.deptCode())) {
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
