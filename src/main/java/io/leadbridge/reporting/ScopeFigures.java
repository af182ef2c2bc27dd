package io.leadbridge.reporting;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The figures of one town, one department, one inspector or the city for a period, every rate a
 * numerator and a denominator. Read from the ledger, every count is the set of leads behind it
 * (the drill-down); read from the tally ({@link TallyStore}), counts only.
 */
public final class ScopeFigures {

    /** A rate and the two counts it is made of; null value when the denominator is 0. */
    public record Rate(String numerator, String denominator, int num, int den, Double value) {
    }

    /** A duration in working days over n leads. */
    public record Spread(int n, Double median, Double p90) {
    }

    private final String scope;
    private final String key;
    private final String name;
    private final Map<String, Set<String>> sets = new LinkedHashMap<>();
    private final Map<String, Spread> spreads = new LinkedHashMap<>();
    /** Counts read from the tally; null when the figures were counted from the ledger's rows. */
    private final Map<String, Integer> tallied;

    public ScopeFigures(String scope, String key, String name) {
        this(scope, key, name, null);
    }

    private ScopeFigures(String scope, String key, String name, Map<String, Integer> tallied) {
        this.scope = scope;
        this.key = key;
        this.name = name;
        this.tallied = tallied;
    }

    /** Figures from counts kept up to date (the tally): no drill-down. */
    static ScopeFigures tallied(String scope, String key, String name, Map<String, Integer> counts, Map<String, Spread> spreads) {
        ScopeFigures f = new ScopeFigures(scope, key, name, new LinkedHashMap<>(counts));
        f.spreads.putAll(spreads);
        return f;
    }

    void add(String figure, String leadRef) {
        sets.computeIfAbsent(figure, f -> new LinkedHashSet<>()).add(leadRef);
    }

    void ensure(String figure) {
        if (tallied != null) {
            tallied.putIfAbsent(figure, 0);
        } else {
            sets.computeIfAbsent(figure, f -> new LinkedHashSet<>());
        }
    }

    void spread(String figure, Spread spread) {
        spreads.put(figure, spread);
    }

    public String scope() {
        return scope;
    }

    public String key() {
        return key;
    }

    public String name() {
        return name;
    }

    public int count(String figure) {
        return tallied != null ? tallied.getOrDefault(figure, 0) : sets.getOrDefault(figure, Set.of()).size();
    }

    /** The leads a figure counts; figures read from the tally have none (the drill-down reads the ledger). */
    public Set<String> leads(String figure) {
        if (tallied != null) {
            throw new IllegalStateException("figures from the tally carry counts, not leads");
        }
        return sets.getOrDefault(figure, Set.of());
    }

    /** Every count, in the order of docs/metrics.md ({@link Figures#ORDER}), then any other by name. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new java.util.TreeMap<>(Figures.ORDERING);
        if (tallied != null) {
            counts.putAll(tallied);
        } else {
            sets.forEach((f, s) -> counts.put(f, s.size()));
        }
        return new LinkedHashMap<>(counts);
    }

    /** Each figure counted from the ledger and its count, unsorted (the tally's fold). */
    void forEachCount(java.util.function.BiConsumer<String, Integer> action) {
        sets.forEach((f, leads) -> action.accept(f, leads.size()));
    }

    public Rate rate(String numerator, String denominator) {
        int num = count(numerator);
        int den = count(denominator);
        return new Rate(numerator, denominator, num, den, den == 0 ? null : (double) num / den);
    }

    public Map<String, Spread> spreads() {
        return spreads;
    }
}
