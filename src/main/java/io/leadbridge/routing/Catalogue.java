package io.leadbridge.routing;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A loaded, immutable keyword catalogue: its entries, an Aho-Corasick automaton over every
 * normalised term, and its version. Immutable so that a reload can swap it atomically.
 */
public final class Catalogue {

    /** A normalised term and the entry it belongs to. */
    public record Term(String text, CatalogueEntry entry) {
    }

    /** A term found in a normalised text, [start, end) in that text. */
    public record Found(int start, int end, Term term) {
    }

    private final List<CatalogueEntry> entries;
    private final AhoCorasickDoubleArrayTrie<Term> automaton;
    private final int termCount;
    private final String version;

    Catalogue(List<CatalogueEntry> entries, Map<String, Term> terms, String version) {
        this.entries = List.copyOf(entries);
        this.automaton = new AhoCorasickDoubleArrayTrie<>();
        this.automaton.build(terms);
        this.termCount = terms.size();
        this.version = version;
    }

    /** Leftmost-longest, non-overlapping terms of an already normalised text (§3.1). */
    public List<Found> find(String normalized) {
        if (normalized.isEmpty() || termCount == 0) {
            return List.of();
        }
        List<Found> all = new ArrayList<>();
        automaton.parseText(normalized, (AhoCorasickDoubleArrayTrie.IHit<Term>) (begin, end, term) -> all.add(new Found(begin, end, term)));
        all.sort(Comparator.comparingInt(Found::start).thenComparing(f -> f.start() - f.end()));
        List<Found> chosen = new ArrayList<>();
        int cursor = 0;
        for (Found f : all) {
            if (f.start() >= cursor) {
                chosen.add(f);
                cursor = f.end();
            }
        }
        return chosen;
    }

    public List<CatalogueEntry> entries() {
        return entries;
    }

    public int termCount() {
        return termCount;
    }

    public String version() {
        return version;
    }
}
