package io.leadbridge.search;

import io.leadbridge.lead.Lead;
import io.leadbridge.routing.TextNormalizer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a lead is found by, folded as routing folds text (routing-rules.md §2: NFKC, so full-width is half-width;
 * traditional to simplified; no spaces; Latin in lower case) and without punctuation or symbols: the business's
 * name, its address, the operator's name and the inspector's name and id. A search and a lead's fields are folded
 * alike, so 製鞋 finds 制鞋 and ＡＢＣ finds abc. Grams are two characters of one field (none across fields).
 */
public final class SearchText {

    /** Folded queries shorter than this find nothing by text (one character would match most of the ledger). */
    public static final int MIN_LENGTH = 2;

    private SearchText() {
    }

    /** A text folded for search: empty for null. */
    public static String fold(String text) {
        StringBuilder out = new StringBuilder();
        TextNormalizer.normalize(text).codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The lead's searchable fields, each folded (blank ones left out). */
    public static List<String> fields(Lead lead) {
        return Stream.of(lead.subject().name(), lead.subject().address(), lead.subject().operatorName(), lead.inspector().name(),
                lead.inspector().id()).map(SearchText::fold).filter(f -> !f.isEmpty()).toList();
    }

    /** The distinct grams of folded fields. */
    public static Set<String> grams(List<String> folded) {
        Set<String> grams = new LinkedHashSet<>();
        for (String field : folded) {
            int[] cps = field.codePoints().toArray();
            for (int i = 0; i + 1 < cps.length; i++) {
                grams.add(new String(cps, i, 2));
            }
        }
        return grams;
    }

    /** Whether one of the folded fields holds the folded query whole (the grams only say it may). */
    public static boolean matches(List<String> folded, String foldedQuery) {
        return folded.stream().anyMatch(f -> f.contains(foldedQuery));
    }
}
