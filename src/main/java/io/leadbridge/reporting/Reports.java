package io.leadbridge.reporting;

import io.leadbridge.config.ClockConfig;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Figures for a period and scope, the ledger overview, and the monthly bulletin's tables. */
@Component
public class Reports {

    /** A table of the bulletin; laggard rows are the ones to highlight. */
    public record Table(String title, List<String> headers, List<List<Object>> rows, List<Integer> laggards) {
    }

    /** Leads a read folds into the counters before it reads them; past that it counts from the ledger. */
    static final int CATCH_UP = 20_000;

    private final LedgerReader reader;
    private final Figures figures;
    private final TallyStore tally;
    private final Clock clock;
    private final io.leadbridge.ledger.LeadLinks links;
    private final int stubbornAfter;

    private final org.springframework.context.MessageSource messages;

    public Reports(LedgerReader reader, Figures figures, TallyStore tally, Clock clock, io.leadbridge.ledger.LeadLinks links,
                   @org.springframework.beans.factory.annotation.Value("${bridge.triage.stubborn-after:3}") int stubbornAfter,
                   org.springframework.context.MessageSource messages) {
        this.messages = messages;
        this.links = links;
        this.stubbornAfter = stubbornAfter;
        this.reader = reader;
        this.figures = figures;
        this.tally = tally;
        this.clock = clock;
    }

    /** The whole months from..toExclusive, or null when the period is not whole months. */
    static List<YearMonth> months(LocalDate from, LocalDate toExclusive) {
        if (from.getDayOfMonth() != 1 || toExclusive.getDayOfMonth() != 1 || !from.isBefore(toExclusive)) {
            return null;
        }
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); m.isBefore(YearMonth.from(toExclusive)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The months the counters can answer for: whole months, and the counters up to date. */
    private List<YearMonth> tallied(LocalDate from, LocalDate toExclusive) {
        List<YearMonth> months = months(from, toExclusive);
        return months != null && tally.catchUp(CATCH_UP) ? months : null;
    }

    public static OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(ClockConfig.CITY_ZONE).toOffsetDateTime();
    }

    /** Figures from the counters for whole months, else counted from the ledger's rows. */
    public List<ScopeFigures> figures(String by, LocalDate from, LocalDate toExclusive) {
        List<YearMonth> months = tallied(from, toExclusive);
        if (months != null && List.of("town", "dept", "inspector", "city").contains(by)) {
            return figures.fromCounts(by, tally.counts(by, months));
        }
        return figuresFromLedger(by, from, toExclusive);
    }

    /** Figures counted from the ledger's rows, each count with the leads behind it (the drill-down). */
    public List<ScopeFigures> figuresFromLedger(String by, LocalDate from, LocalDate toExclusive) {
        LedgerReader.Period period = reader.read(start(from), start(toExclusive));
        OffsetDateTime now = OffsetDateTime.now(clock);
        return switch (by) {
            case "town" -> figures.byTown(period, now);
            case "dept" -> figures.byDepartment(period, now);
            case "inspector" -> figures.byInspector(period, now);
            case "city" -> List.of(figures.city(period, now));
            default -> throw new IllegalArgumentException("by: town, dept, inspector or city");
        };
    }

    /** One scope's figures as the API shows them: counts, rates with numerator and denominator, spreads. */
    public static Map<String, Object> view(ScopeFigures f) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("scope", f.scope());
        view.put("key", f.key());
        view.put("name", f.name());
        view.put("counts", f.counts());
        Map<String, ScopeFigures.Rate> rates = new LinkedHashMap<>();
        Figures.RATES.forEach((name, parts) -> rates.put(name, f.rate(parts[0], parts[1])));
        view.put("rates", rates);
        view.put("workingDays", f.spreads());
        return view;
    }

    /** The dashboard of the last {@code months} months up to this one (the load harness's reads). */
    public Map<String, Object> dashboard(String town, int months) {
        return dashboard(town, YearMonth.now(clock.withZone(ClockConfig.CITY_ZONE)), months);
    }

    /**
     * The console dashboard's data: received and closed by month for the {@code months} months up to {@code last};
     * for the month {@code last} itself the totals and the towns and departments ranked by their closed-on-time rate
     * (each row with its code, for the drill-down), and the hazard share; only {@code town}'s leads when it is given
     * (a coordinator's view).
     */
    public Map<String, Object> dashboard(String town, YearMonth last, int months) {
        YearMonth first = last.minusMonths(months - 1L);
        List<YearMonth> window = tallied(first.atDay(1), last.plusMonths(1).atDay(1));
        List<String> labels = new ArrayList<>();
        List<Integer> received = new ArrayList<>();
        List<Integer> closed = new ArrayList<>();
        List<ScopeFigures> towns;
        List<ScopeFigures> departments;
        Map<String, Integer> hazard = new TreeMap<>();
        if (window != null) {
            Map<String, Map<String, Map<String, Long>>> receivedBy = tally.countsByMonth(town == null ? "city" : "town", window, town);
            Map<String, Map<String, Long>> trend = tally.counts("trend", window, town);
            for (YearMonth m : window) {
                labels.add(m.toString());
                received.add((int) sum(receivedBy.getOrDefault(m.toString(), Map.of()), "received"::equals));
                closed.add((int) sum(trend, ("closedIn." + m)::equals));
            }
            List<YearMonth> month = List.of(last);
            towns = figures.fromCounts("town", tally.counts("town", month, town));
            String depts = town == null ? "dept" : "dept@" + town;
            departments = figures.fromCounts(depts, tally.counts(depts, month));
            tally.counts("ledger", month, town).values().forEach(counts -> counts.forEach((figure, n) -> {
                if (figure.startsWith("hazard.") && !figure.equals("hazard.NONE") && n > 0) {
                    hazard.merge(figure.substring("hazard.".length()), Math.toIntExact(n), Integer::sum);
                }
            }));
        } else {
            LedgerReader.Period all = only(reader.read(start(first.atDay(1)), start(last.plusMonths(1).atDay(1))),
                    l -> town == null || town.equals(l.townCode()));
            List<LedgerRow> rows = all.leads();
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                YearMonth month = m;
                labels.add(m.toString());
                received.add((int) rows.stream().filter(l -> !"INVALID".equals(l.state())
                        && YearMonth.from(l.receivedAt().atZoneSameInstant(ClockConfig.CITY_ZONE)).equals(month)).count());
                closed.add((int) rows.stream().filter(l -> l.closedAt() != null && "CLOSED".equals(l.state())
                        && YearMonth.from(l.closedAt().atZoneSameInstant(ClockConfig.CITY_ZONE)).equals(month)).count());
            }
            LedgerReader.Period period = only(all,
                    l -> YearMonth.from(l.receivedAt().atZoneSameInstant(ClockConfig.CITY_ZONE)).equals(last));
            OffsetDateTime now = OffsetDateTime.now(clock);
            towns = figures.byTown(period, now);
            departments = figures.byDepartment(period, now);
            period.leads().stream().filter(l -> l.hazard() != null).forEach(l -> hazard.merge(l.hazard(), 1, Integer::sum));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("month", last.toString());
        out.put("trend", Map.of("months", labels, "received", received, "closed", closed));
        out.put("totals", totals(towns));
        out.put("towns", ranked(towns, "received"));
        out.put("departments", ranked(departments, "dispatched"));
        out.put("hazard", hazard);
        return out;
    }

    /** The period's leads that pass (their disputes, objections and dispatches are looked up by lead). */
    private static LedgerReader.Period only(LedgerReader.Period all, java.util.function.Predicate<LedgerRow> keep) {
        return new LedgerReader.Period(all.leads().stream().filter(keep).toList(), all.routerDisputes(), all.objectedBy(),
                all.dispatchedTo());
    }

    /** The dashboard's headline numbers: the towns' counts added up (every lead has one town), rates from the sums. */
    private static Map<String, Object> totals(List<ScopeFigures> towns) {
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String figure : DASHBOARD_COUNTS) {
            totals.put(figure, towns.stream().mapToInt(f -> f.count(figure)).sum());
        }
        totals.put("acceptedOnTime", ratio(towns, "acceptedOnTime", "acceptDue"));
        totals.put("closedOnTime", ratio(towns, "closedOnTime", "closeDue"));
        return totals;
    }

    static final List<String> DASHBOARD_COUNTS = List.of("received", "dispatched", "finished", "urged");

    private static Double ratio(List<ScopeFigures> scopes, String numerator, String denominator) {
        int den = scopes.stream().mapToInt(f -> f.count(denominator)).sum();
        return den == 0 ? null : (double) scopes.stream().mapToInt(f -> f.count(numerator)).sum() / den;
    }

    private static long sum(Map<String, Map<String, Long>> counts, java.util.function.Predicate<String> figure) {
        return counts.values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> figure.test(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static List<Map<String, Object>> ranked(List<ScopeFigures> scopes, String base) {
        return scopes.stream().filter(f -> f.count(base) > 0)
                .sorted(Comparator.comparing((ScopeFigures f) -> rateOr(f.rate("closedOnTime", "closeDue"))).reversed())
                .map(f -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("key", f.key());
                    row.put("name", f.name());
                    row.put("count", f.count(base));
                    row.put("finished", f.count("finished"));
                    row.put("acceptedOnTime", f.rate("acceptedOnTime", "acceptDue").value());
                    row.put("closedOnTime", f.rate("closedOnTime", "closeDue").value());
                    return row;
                }).toList();
    }

    /** Counts by month, town, industry and state of the leads received in the period. */
    public Map<String, Map<String, Integer>> ledger(LocalDate from, LocalDate toExclusive, String town) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String dim : List.of("month", "town", "industry", "state", "hazard")) {
            out.put(dim, new TreeMap<>());
        }
        List<YearMonth> months = tallied(from, toExclusive);
        if (months != null) {
            tally.countsByMonth("ledger", months, town).forEach((month, byTown) -> byTown.forEach((key, figures) ->
                    figures.forEach((figure, n) -> {
                        if (n > 0) {
                            int dot = figure.indexOf('.');
                            out.get(figure.substring(0, dot)).merge(figure.substring(dot + 1), Math.toIntExact(n), Integer::sum);
                            if (figure.startsWith("state.")) {
                                out.get("month").merge(month, Math.toIntExact(n), Integer::sum);
                                out.get("town").merge(key, Math.toIntExact(n), Integer::sum);
                            }
                        }
                    })));
            return out;
        }
        LedgerReader.Period period = reader.read(start(from), start(toExclusive));
        for (LedgerRow lead : period.leads()) {
            if (town != null && !town.equals(lead.townCode())) {
                continue;
            }
            String month = YearMonth.from(lead.receivedAt().atZoneSameInstant(ClockConfig.CITY_ZONE)).toString();
            out.get("month").merge(month, 1, Integer::sum);
            out.get("town").merge(String.valueOf(lead.townCode()), 1, Integer::sum);
            out.get("industry").merge(lead.industry() == null ? "NONE" : lead.industry(), 1, Integer::sum);
            out.get("state").merge(lead.state(), 1, Integer::sum);
            out.get("hazard").merge(lead.hazard() == null ? "NONE" : lead.hazard(), 1, Integer::sum);
        }
        return out;
    }

    /** The monthly bulletin (通报): rankings of towns and departments, laggards marked, the city's figures. */
    public List<Table> bulletin(YearMonth month) {
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        List<Table> tables = new ArrayList<>();
        tables.add(ranking("镇街排名", "镇街", figures("town", from, to), true));
        tables.add(ranking("部门排名", "部门", figures("dept", from, to), false));
        ScopeFigures city = figures("city", from, to).get(0);
        List<List<Object>> cityRows = new ArrayList<>();
        city.counts().forEach((k, v) -> cityRows.add(List.of(label(k), v)));
        Figures.RATES.forEach((name, parts) -> cityRows.add(List.of(label(name), percent(city.rate(parts[0], parts[1])))));
        city.spreads().forEach((k, s) -> cityRows.add(List.of(label(k) + "（中位/90分位，工作日）",
                s.median() == null ? "—" : s.median() + " / " + s.p90())));
        tables.add(new Table("全市汇总", List.of("指标", "数值"), cityRows, List.of()));
        List<List<Object>> inspectors = new ArrayList<>();
        for (ScopeFigures f : figures("inspector", from, to)) {
            inspectors.add(List.of(f.key(), f.count("received"), f.count("finished"), f.count("confirmed"),
                    percent(f.rate("confirmed", "finished"))));
        }
        tables.add(new Table("网格员履职", List.of("网格员", "上报线索", "已办结", "确认属实", "履职准确率"), inspectors, List.of()));
        List<List<Object>> stubborn = new ArrayList<>();
        for (io.leadbridge.ledger.LeadLinks.Stubborn b : stubborn(stubbornAfter)) {
            stubborn.add(List.of(b.firstEventId(), b.townCode(), b.place() == null ? "" : b.place(), b.reports(),
                    String.join("；", b.history().stream().map(r -> r.eventId() + " " + stateName(r.state())
                            + (r.caseNo() == null ? "" : " " + r.caseNo())).toList())));
        }
        // the same business at the same place reported this often, up to now (not only in the month)
        tables.add(new Table("久治未清（报告" + stubbornAfter + "次及以上）",
                List.of("首次报告", "镇街", "地址", "报告次数", "历次报告"), stubborn, List.of()));
        return tables;
    }

    /** Businesses reported at least {@code minReports} times (久治未清), the most reported first (at most 500). */
    public List<io.leadbridge.ledger.LeadLinks.Stubborn> stubborn(int minReports) {
        if (minReports < 2) {
            throw new IllegalArgumentException("min: 2 or more");
        }
        return links.stubborn(minReports, 500);
    }

    public int stubbornAfter() {
        return stubbornAfter;
    }

    private static Table ranking(String title, String what, List<ScopeFigures> scopes, boolean town) {
        List<ScopeFigures> ranked = new ArrayList<>(scopes.stream()
                .filter(f -> f.count(town ? "received" : "dispatched") > 0).toList());
        ranked.sort(Comparator.comparing((ScopeFigures f) -> rateOr(f.rate("closedOnTime", "closeDue")), Comparator.reverseOrder())
                .thenComparing(f -> rateOr(f.rate("acceptedOnTime", "acceptDue")), Comparator.reverseOrder()));
        List<List<Object>> rows = new ArrayList<>();
        int rank = 1;
        for (ScopeFigures f : ranked) {
            List<Object> row = new ArrayList<>(List.of(rank++, f.name()));
            if (town) {
                row.addAll(List.of(f.count("received"), f.count("escalated"), f.count("held"), percent(f.rate("routedAuto", "routed"))));
            }
            row.addAll(List.of(f.count("dispatched"), percent(f.rate("acceptedOnTime", "acceptDue")),
                    percent(f.rate("closedOnTime", "closeDue")), percent(f.rate("objected", "dispatched")), f.count("overdueNow"),
                    days(f.spreads().get("daysToAccept")), days(f.spreads().get("daysToClose"))));
            rows.add(row);
        }
        List<String> headers = new ArrayList<>(List.of("排名", what));
        if (town) {
            headers.addAll(List.of("收到线索", "上报部门", "村级处置中", "自动分派率"));
        }
        headers.addAll(List.of("派发", "及时受理率", "按期办结率", "退回率", "当前超期", "受理用时中位（工作日）", "办结用时中位（工作日）"));
        return new Table(title, headers, rows, laggards(ranked));
    }

    /** The three lowest on-time rates (of those with any case due), by row index. */
    private static List<Integer> laggards(List<ScopeFigures> ranked) {
        List<Integer> due = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.get(i).count("closeDue") > 0 || ranked.get(i).count("acceptDue") > 0) {
                due.add(i);
            }
        }
        return due.size() <= 3 ? List.of() : due.subList(due.size() - 3, due.size());
    }

    private static double rateOr(ScopeFigures.Rate rate) {
        return rate.value() == null ? -1 : rate.value();
    }

    static String percent(ScopeFigures.Rate rate) {
        return rate.value() == null ? "—" : String.format("%.1f%% (%d/%d)", rate.value() * 100, rate.num(), rate.den());
    }

    private static String days(ScopeFigures.Spread spread) {
        return spread == null || spread.median() == null ? "—" : String.valueOf(spread.median());
    }

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("received", "收到线索"), Map.entry("invalid", "无效线索"), Map.entry("held", "村级处置中"),
            Map.entry("escalated", "上报部门"), Map.entry("routed", "已分派"), Map.entry("routedAuto", "自动分派"),
            Map.entry("routedManual", "人工分派"), Map.entry("disputed.NO_MATCH", "争议·无匹配"),
            Map.entry("disputed.CONFLICT", "争议·部门冲突"), Map.entry("disputed.NO_PERMIT_RULE", "争议·无许可规则"),
            Map.entry("objected", "部门异议"), Map.entry("bounced", "反复退回"), Map.entry("dispatched", "派发"),
            Map.entry("acceptDue", "应受理"), Map.entry("acceptedOnTime", "及时受理"), Map.entry("closeDue", "应办结"),
            Map.entry("closedOnTime", "按期办结"), Map.entry("overdueNow", "当前超期"), Map.entry("finished", "已办结"),
            Map.entry("confirmed", "确认属实"), Map.entry("major", "重大隐患"), Map.entry("autoRoutingRate", "自动分派率"),
            Map.entry("acceptedOnTimeRate", "及时受理率"), Map.entry("closedOnTimeRate", "按期办结率"),
            Map.entry("objectionRate", "退回率"), Map.entry("confirmedRate", "履职准确率"),
            Map.entry("merged", "重复报告（并入在办案件）"), Map.entry("repeat", "反复（原案件已办结）"),
            Map.entry("repeatRate", "反复率"), Map.entry("mergeRate", "重复报告率"),
            Map.entry("daysToAccept", "受理用时"), Map.entry("daysToClose", "办结用时"),
            Map.entry("outcome.LICENSED", "结果·已办证照"), Map.entry("outcome.BANNED", "结果·取缔"),
            Map.entry("outcome.PENALIZED", "结果·立案处罚"), Map.entry("outcome.TRANSFERRED_JUDICIAL", "结果·移送司法"),
            Map.entry("outcome.CEASED", "结果·自行停业"), Map.entry("outcome.NOT_FOUND", "结果·查无此户"),
            Map.entry("outcome.OTHER", "结果·其他"));

    /** A state as the bulletin (a Chinese document) names it: the console's zh-CN word for it. */
    private String stateName(String state) {
        return state == null ? "" : messages.getMessage("state." + state, null, state, java.util.Locale.SIMPLIFIED_CHINESE);
    }

    public static String label(String figure) {
        return LABELS.getOrDefault(figure, figure);
    }
}
