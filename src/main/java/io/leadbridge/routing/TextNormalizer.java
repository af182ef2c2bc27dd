package io.leadbridge.routing;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.text.UnicodeSet;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The one normalisation of routing-rules.md §2, applied alike to catalogue terms and to
 * matched text: NFKC, traditional to simplified, white space and zero-width removed,
 * Latin lower-cased.
 */
public final class TextNormalizer {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    /**
     * Traditional to simplified, character by character (routing-rules.md §2): OpenCC's character table
     * (TSCharacters, the first simplified form of each; a copy in routing/opencc-TSCharacters.txt) where it
     * has the character, else ICU's Traditional-Simplified; each followed until it no longer changes, so that
     * normalising is idempotent. ICU alone leaves some characters in other traditional or variant forms
     * (麵 → 麪 where the standard simplified form is 面); RoutingNormalisationTest compares every character.
     */
    private static final Map<Integer, String> SIMPLIFIED = simplifiedTable();
    /** The characters {@link #SIMPLIFIED} changes: a text in simplified characters holds none of them. */
    private static final UnicodeSet TRADITIONAL = changing(SIMPLIFIED);

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String simplified = toSimplified(NFKC.normalize(text));
        StringBuilder out = new StringBuilder(simplified.length());
        boolean removed = false;
        for (int i = 0; i < simplified.length(); ) {
            int cp = simplified.codePointAt(i);
            i += Character.charCount(cp);
            if (isRemoved(cp)) {
                removed = true;
                continue;
            }
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                cp = Character.toLowerCase(cp);
            }
            out.appendCodePoint(cp);
        }
        // A removed space can bring two combining marks together out of canonical order (NFKC turns
        // U+309B into a space and U+3099): normalise once more, so normalising is idempotent.
        return removed ? NFKC.normalize(out) : out.toString();
    }

    static String toSimplified(String text) {
        if (TRADITIONAL.containsNone(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            String simplified = SIMPLIFIED.get(cp);
            if (simplified != null) {
                out.append(simplified);
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Every character OpenCC's table or ICU's transliterator changes, to where it ends. */
    private static Map<Integer, String> simplifiedTable() {
        Map<Integer, String> openCc = new HashMap<>();
        try (var in = TextNormalizer.class.getResourceAsStream("/routing/opencc-TSCharacters.txt");
             var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                     java.util.Objects.requireNonNull(in, "routing/opencc-TSCharacters.txt"), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] parts = line.split("\t");
                if (parts.length == 2 && parts[0].codePointCount(0, parts[0].length()) == 1) {
                    openCc.put(parts[0].codePointAt(0), parts[1].trim().split(" ")[0]);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Transliterator icu = Transliterator.getInstance("Traditional-Simplified");
        UnicodeSet domain = new UnicodeSet();
        for (String c : icu.getSourceSet()) {
            domain.add(c);
        }
        openCc.keySet().forEach(domain::add);
        Map<Integer, String> table = new HashMap<>();
        for (String c : domain) {
            int cp = c.codePointAt(0);
            String end = follow(c, openCc, icu);
            if (!end.equals(c)) {
                table.put(cp, end);
            }
        }
        // where following runs in a cycle (ICU: 苎 → 苧, OpenCC: 苧 → 苎) the form OpenCC gives stays
        table.values().forEach(end -> {
            if (end.codePointCount(0, end.length()) == 1) {
                table.remove(end.codePointAt(0));
            }
        });
        return Map.copyOf(table);
    }

    private static String step(String c, Map<Integer, String> openCc, Transliterator icu) {
        String fromOpenCc = openCc.get(c.codePointAt(0));
        return fromOpenCc != null ? fromOpenCc : icu.transliterate(c);
    }

    /** Steps a character until it stays, or comes back to one seen (then the form OpenCC gives, else the last). */
    private static String follow(String c, Map<Integer, String> openCc, Transliterator icu) {
        java.util.List<String> seen = new java.util.ArrayList<>(java.util.List.of(c));
        String at = c;
        for (int i = 0; i < 8; i++) {
            String next = step(at, openCc, icu);
            if (next.equals(at) || next.codePointCount(0, next.length()) != 1) {
                return next;
            }
            if (seen.contains(next)) {
                return openCc.containsKey(at.codePointAt(0)) ? next : at;
            }
            seen.add(next);
            at = next;
        }
        return at;
    }

    private static UnicodeSet changing(Map<Integer, String> table) {
        UnicodeSet set = new UnicodeSet();
        table.keySet().forEach(set::add);
        return set.freeze();
    }

    private static boolean isRemoved(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
    }
}
