package io.leadbridge.reporting;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The figures of one town, one department, one inspector or the city for a period: every count is
 * the set of leads behind it (the drill-down), every rate a numerator and a denominator.
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

    public ScopeFigures(String scope, String key, String name) {
        this.scope = scope;
        this.key = key;
        this.name = name;
    }

    void add(String figure, String leadRef) {
        sets.computeIfAbsent(figure, f -> new LinkedHashSet<>()).add(leadRef);
    }

    void ensure(String figure) {
        sets.computeIfAbsent(figure, f -> new LinkedHashSet<>());
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
        return sets.getOrDefault(figure, Set.of()).size();
    }

    /** The leads a figure counts. */
    public Set<String> leads(String figure) {
        return sets.getOrDefault(figure, Set.of());
    }

    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        sets.forEach((f, s) -> counts.put(f, s.size()));
        return counts;
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
