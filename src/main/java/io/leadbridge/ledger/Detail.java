package io.leadbridge.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * What a timeline line says beyond its event, twice: the English the API shows, and a code with arguments that the
 * console says in the reader's language ({@code detail.<code>} in its messages, the arguments {@code {0}, {1}...}).
 * An argument is text shown as it is (a case number, a reason someone typed) or a code of a kind the console names
 * ({@link Arg#kind}): a department, a moment, or a code of one of the console's message groups. A line without a
 * code (older lines, free text) is shown as its English.
 */
public record Detail(String english, String code, List<Arg> args) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STORED = new TypeReference<>() {
    };

    /**
     * One argument: {@code kind} null for text as it is, "dept", "depts", "notice", "origin", "part:...", "time",
     * "why", or a message group (see the factories below).
     */
    public record Arg(String kind, String value) {
    }

    /** Free text (a note, a reason), the same in every language. */
    public static Detail text(String text) {
        return new Detail(text, null, List.of());
    }

    /** A detail the console phrases as {@code detail.<code>}; an argument is an {@link Arg} or text ({@code String.valueOf}). */
    public static Detail of(String code, String english, Object... args) {
        return new Detail(english, code, Arrays.stream(args)
                .map(a -> a instanceof Arg arg ? arg : new Arg(null, a == null ? "" : String.valueOf(a))).toList());
    }

    public static Arg dept(String code) {
        return new Arg("dept", code);
    }

    /** Departments (their codes), shown by name one after another. */
    public static Arg depts(java.util.Collection<String> codes) {
        return new Arg("depts", String.join(",", codes));
    }

    /** Why two reports were found one business (the same-business check's list of what agreed), said in the reader's words. */
    public static Arg why(String why) {
        return new Arg("why", why);
    }

    /**
     * A part of the sentence that is left out when its text is empty: {@code detail.part.<part>} with the text as
     * {0} (", handler {0}", ": {0}"), so that a line without a handler or a note does not say "handler —".
     */
    public static Arg part(String part, String text) {
        return new Arg("part:" + part, text);
    }

    /** Where a lead came from on its channel ("push from 10.0.0.7", "page 42 #3", a file's name and line, a message id). */
    public static Arg origin(String origin) {
        return new Arg("origin", origin);
    }

    /** A notice to a department by its dispatch key (case-seq-KIND-n), shown as its kind and number. */
    public static Arg notice(String key) {
        return new Arg("notice", key);
    }

    /** A moment, shown in the reader's local time. */
    public static Arg time(OffsetDateTime at) {
        return new Arg("time", at == null ? "" : at.toString());
    }

    public static Arg state(Object state) {
        return named("state", state);
    }

    /**
     * A code of one of the console's message groups, named there as {@code <group>.<code>} (channel.PUSH,
     * cause.NO_MATCH, objection.NOT_OUR_REMIT, relation.DUPLICATE, hazard.MAJOR, mode.MANUAL, notice.URGE...).
     */
    public static Arg named(String group, Object code) {
        return new Arg(group, String.valueOf(code));
    }

    /**
     * The arguments as stored (lead_history.detail_args), null without a code: a JSON array of strings, each
     * {@code kind=value}, or {@code =value} for text (short: a timeline has several lines per lead).
     */
    String argsJson() {
        if (code == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(args.stream()
                    .map(a -> (a.kind() == null ? "" : a.kind()) + "=" + (a.value() == null ? "" : a.value())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored line back: its English alone when it has no code (or arguments that no longer read). */
    static Detail stored(String english, String code, String argsJson) {
        if (code == null || argsJson == null) {
            return text(english);
        }
        try {
            List<Arg> args = JSON.readValue(argsJson, STORED).stream().map(a -> {
                int eq = a.indexOf('=');
                return new Arg(eq <= 0 ? null : a.substring(0, eq), a.substring(eq + 1));
            }).toList();
            return new Detail(english, code, args);
        } catch (JsonProcessingException e) {
            return text(english);
        }
    }
}
