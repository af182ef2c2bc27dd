package io.leadbridge.routing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of normalisation and matching on random catalogues and texts, and the automaton
 * against a plain reference matcher written here.
 */
class MatcherPropertiesTest {

    private static final String HEADER = "keyword,aliases,industry_code,industry_name,permit_name,dept_code,priority,hazard,note\n";
    // A small alphabet, so random terms overlap and nest often: the cases leftmost-longest is about.
    private static final String ALPHABET = "网吧歌厅美容医疗印刷包装ＫTV k網\u200B";

    record Case(List<String> terms, String text) {
    }

    @Provide
    Arbitrary<Case> catalogueAndText() {
        Arbitrary<String> term = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(4);
        Arbitrary<List<String>> terms = term.list().ofMinSize(1).ofMaxSize(25);
        Arbitrary<String> text = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(40);
        return Combinators.combine(terms, text).as(Case::new);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(30));
    }

    @org.junit.jupiter.api.Test
    void aRemovedSpaceBetweenCombiningMarksStillNormalisesOnce() {
        // found by the property below: U+0300 then U+309B, which NFKC makes a space and U+3099
        String once = TextNormalizer.normalize("\u0300\u309B");
        assertThat(TextNormalizer.normalize(once)).isEqualTo(once);
    }

    @Property
    void normalisationIsIdempotent(@ForAll("anyText") String text) {
        String once = TextNormalizer.normalize(text);
        assertThat(TextNormalizer.normalize(once)).isEqualTo(once);
    }

    @Property
    void matchesNeverOverlapAreCatalogueTermsAndAreTheLongestAtTheirStart(@ForAll("catalogueAndText") Case c) {
        Catalogue catalogue = catalogue(c.terms());
        if (catalogue == null) {
            return;
        }
        Set<String> terms = termsOf(catalogue);
        String text = TextNormalizer.normalize(c.text());
        List<Catalogue.Found> found = catalogue.find(text);
        int lastEnd = 0;
        for (Catalogue.Found f : found) {
            assertThat(f.start()).isGreaterThanOrEqualTo(lastEnd);
            assertThat(text.substring(f.start(), f.end())).isEqualTo(f.term().text()).isIn(terms);
            for (String t : terms) {
                if (t.length() > f.end() - f.start()) {
                    assertThat(text.startsWith(t, f.start())).as("a longer term %s at %d", t, f.start()).isFalse();
                }
            }
            lastEnd = f.end();
        }
    }

    @Property
    void theAutomatonEqualsAPlainReferenceMatcher(@ForAll("catalogueAndText") Case c) {
        Catalogue catalogue = catalogue(c.terms());
        if (catalogue == null) {
            return;
        }
        String text = TextNormalizer.normalize(c.text());
        List<String> fast = catalogue.find(text).stream().map(f -> f.start() + ":" + f.term().text()).toList();
        assertThat(fast).isEqualTo(reference(termsOf(catalogue), text));
    }

    /** Leftmost-longest, without overlap, the slow obvious way. */
    static List<String> reference(Set<String> terms, String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            String longest = null;
            for (String t : terms) {
                if (text.startsWith(t, i) && (longest == null || t.length() > longest.length())) {
                    longest = t;
                }
            }
            if (longest == null) {
                i++;
            } else {
                out.add(i + ":" + longest);
                i += longest.length();
            }
        }
        return out;
    }

    /** A catalogue of one general entry per distinct normalised term; null when no term survives. */
    static Catalogue catalogue(List<String> rawTerms) {
        Set<String> distinct = new LinkedHashSet<>();
        StringBuilder csv = new StringBuilder(HEADER);
        int n = 0;
        for (String raw : rawTerms) {
            String term = TextNormalizer.normalize(raw);
            if (!term.isEmpty() && distinct.add(term)) {
                csv.append('"').append(term.replace("\"", "\"\"")).append("\",,GEN_").append(n++).append(",x,,,0,,\n");
            }
        }
        if (distinct.isEmpty()) {
            return null;
        }
        return new CatalogueParser(Set.of()).parse("random.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Set<String> termsOf(Catalogue catalogue) {
        Set<String> terms = new LinkedHashSet<>();
        catalogue.entries().forEach(e -> terms.add(TextNormalizer.normalize(e.keyword())));
        return terms;
    }
}
