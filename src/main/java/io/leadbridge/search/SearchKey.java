package io.leadbridge.search;

/**
 * The search index's key: a gram and a lead in one BIGINT, the gram's code above the lead's id, so that a gram's
 * postings are one range of keys in lead order. On H2 a table keyed by one BIGINT is one B-tree; keyed (gram, lead_id)
 * it was two (the rows by a hidden row id, and the key), and every gram written went into both (docs/performance.md,
 * "The search index in one B-tree").
 *
 * <p>A gram is two code points (see {@link SearchText#grams}). Two of the Basic Multilingual Plane make its code
 * exactly (16 bits each). A code point beyond it (a rare character of CJK Extension B and later, as in some names)
 * takes the surrogate block's 2,048 values by its low 11 bits, so such grams may share a code: a search then reads
 * more candidates, and drops them, as it drops every lead whose fields do not hold the whole query.
 */
public final class SearchKey {

    /** Lead ids below this are indexed (31 bits: two billion leads). */
    public static final long LEADS = 1L << 31;

    private SearchKey() {
    }

    /** The key of a gram's posting for a lead: an IllegalArgumentException for an id of {@link #LEADS} or more. */
    public static long of(String gram, long leadId) {
        if (leadId < 0 || leadId >= LEADS) {
            throw new IllegalArgumentException("lead id " + leadId + " is beyond the search index's " + LEADS);
        }
        return first(gram) + leadId;
    }

    /** The first key of a gram's postings. */
    public static long first(String gram) {
        return code(gram) << 31;
    }

    /** The last key of a gram's postings. */
    public static long last(String gram) {
        return first(gram) + LEADS - 1;
    }

    /** The lead id of a key. */
    public static long lead(long key) {
        return key % LEADS;
    }

    /** A gram's 32-bit code: its two code points, 16 bits each. */
    static long code(String gram) {
        int[] cps = gram.codePoints().toArray();
        if (cps.length != 2) {
            throw new IllegalArgumentException("a gram is two code points, not " + cps.length + ": '" + gram + "'");
        }
        return ((long) bmp(cps[0]) << 16) | bmp(cps[1]);
    }

    private static int bmp(int codePoint) {
        return codePoint <= 0xFFFF ? codePoint : 0xD800 | (codePoint & 0x7FF);
    }
}
