package io.leadbridge.routing;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.text.UnicodeSet;

/**
 * The one normalisation of routing-rules.md §2, applied alike to catalogue terms and to
 * matched text: NFKC, traditional to simplified, white space and zero-width removed,
 * Latin lower-cased.
 */
public final class TextNormalizer {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    // ICU transliterators keep per-call state; one per thread avoids contention and sharing.
    private static final ThreadLocal<Transliterator> TO_SIMPLIFIED =
            ThreadLocal.withInitial(() -> Transliterator.getInstance("Traditional-Simplified"));
    /**
     * The characters the transliterator changes (its source set, less those it maps to themselves):
     * a text in simplified characters holds none of them and skips the transliterator, which
     * costs about 30 µs a lead.
     */
    private static final UnicodeSet TRADITIONAL = changedCharacters();

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

    /**
     * ICU's Traditional-Simplified, with its one cycle broken: it maps 苎 to 苧 and 苧 to 苎 (and
     * 薴 to 苧), so it is not idempotent there. 苎 is the simplified form; it stays.
     */
    static String toSimplified(String text) {
        if (TRADITIONAL.containsNone(text)) {
            return text;
        }
        return TO_SIMPLIFIED.get().transliterate(text).replace('苧', '苎');
    }

    private static UnicodeSet changedCharacters() {
        Transliterator transliterator = Transliterator.getInstance("Traditional-Simplified");
        UnicodeSet changed = new UnicodeSet();
        for (String c : transliterator.getSourceSet()) {
            if (!transliterator.transliterate(c).equals(c)) {
                changed.add(c);
            }
        }
        return changed.add('苧').freeze();
    }

    private static boolean isRemoved(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
    }
}
