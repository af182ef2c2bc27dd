package io.leadbridge.console;

import io.leadbridge.routing.TextNormalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Marks the matched terms in a field's own text. The router's offsets index the normalised text;
 * each original character is normalised on its own to map them back. Where that does not give the
 * same normalised text (a rare composition across characters), the normalised text is shown marked.
 */
public final class Highlighter {

    /** A run of text, marked or not. */
    public record Segment(String text, boolean hit) {
    }

    /** A [start, end) range of the normalised text. */
    public record Range(int start, int end) {
    }

    private Highlighter() {
    }

    public static List<Segment> mark(String text, List<Range> ranges) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String normalized = TextNormalizer.normalize(text);
        StringBuilder joined = new StringBuilder();
        List<Integer> origin = new ArrayList<>();
        List<Integer> originEnd = new ArrayList<>();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String one = TextNormalizer.normalize(text.substring(i, next));
            for (int k = 0; k < one.length(); k++) {
                origin.add(i);
                originEnd.add(next);
            }
            joined.append(one);
            i = next;
        }
        if (!joined.toString().equals(normalized)) {
            return split(normalized, ranges, null, null);
        }
        return split(text, ranges, origin, originEnd);
    }

    private static List<Segment> split(String text, List<Range> ranges, List<Integer> origin, List<Integer> originEnd) {
        List<Segment> out = new ArrayList<>();
        int cursor = 0;
        for (Range r : ranges.stream().sorted(java.util.Comparator.comparingInt(Range::start)).toList()) {
            int start = origin == null ? r.start() : origin.get(r.start());
            int end = origin == null ? r.end() : originEnd.get(r.end() - 1);
            if (start < cursor || end > text.length()) {
                continue;
            }
            if (start > cursor) {
                out.add(new Segment(text.substring(cursor, start), false));
            }
            out.add(new Segment(text.substring(start, end), true));
            cursor = end;
        }
        if (cursor < text.length()) {
            out.add(new Segment(text.substring(cursor), false));
        }
        return out;
    }
}
