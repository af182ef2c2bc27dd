package io.leadbridge.console;

import io.leadbridge.config.ClockConfig;
import io.leadbridge.dispatch.DispatchKey;
import io.leadbridge.intake.PushController;
import io.leadbridge.intake.SmartGridPoll;
import io.leadbridge.ledger.Detail;
import io.leadbridge.ledger.LeadLinks;
import io.leadbridge.reference.Departments;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bridge wrote about a lead, said in the reader's language ({@code ${@sentences...}} in the templates): a
 * timeline line's {@link Detail} and why two reports were taken for one business.
 */
@Component("sentences")
public class Sentences {

    private static final Pattern NEAR = Pattern.compile("location within (\\d+) m");
    private static final Pattern PUSHED = Pattern.compile(Pattern.quote(PushController.ORIGIN) + "(.+)");
    private static final Pattern POLLED = SmartGridPoll.ORIGIN;

    private final Departments departments;
    private final MessageSource messages;

    public Sentences(Departments departments, MessageSource messages) {
        this.departments = departments;
        this.messages = messages;
    }

    /**
     * A timeline line's detail in the reader's language ({@code detail.<code>}, its arguments named as their kind
     * says: a department by its name, a moment in local time, a code by its group's message); the English the API
     * shows when it has no code (free text, or a line written before details had codes). An empty argument is "—",
     * an empty part ({@link Detail#part}) nothing.
     */
    public String of(Detail detail) {
        if (detail == null || detail.code() == null) {
            return detail == null || detail.english() == null ? "" : detail.english();
        }
        Locale locale = LocaleContextHolder.getLocale();
        Object[] args = detail.args().stream().map(arg -> argument(arg, locale)).toArray();
        return messages.getMessage("detail." + detail.code(), args, detail.english(), locale);
    }

    private String argument(Detail.Arg arg, Locale locale) {
        String value = arg.value();
        boolean part = arg.kind() != null && arg.kind().startsWith("part:");
        if (value == null || value.isBlank() || value.equals("null")) {
            return part ? "" : "—";
        }
        if (part) {
            return messages.getMessage("detail." + arg.kind().replace(':', '.'), new Object[]{value}, value, locale);
        }
        if (arg.kind() == null) {
            return value;
        }
        return switch (arg.kind()) {
            case "dept" -> departments.contains(value) ? departments.label(value) : value;
            case "depts" -> String.join("、", Arrays.stream(value.split(","))
                    .map(code -> departments.contains(code) ? departments.label(code) : code).toList());
            case "time" -> ClockConfig.local(OffsetDateTime.parse(value));
            case "notice" -> notice(value, locale);
            case "origin" -> origin(value, locale);
            case "why" -> why(value);
            default -> messages.getMessage(arg.kind() + "." + value, null, value, locale);
        };
    }

    /** Where a lead came from: a push's address and a poll's page in the reader's words; a file's line or a message id as it is. */
    private String origin(String origin, Locale locale) {
        Matcher push = PUSHED.matcher(origin);
        if (push.matches()) {
            return messages.getMessage("origin.push", new Object[]{push.group(1)}, origin, locale);
        }
        Matcher page = POLLED.matcher(origin);
        if (page.matches()) {
            String cursor = page.group(1).equals(SmartGridPoll.FIRST_PAGE)
                    ? messages.getMessage("origin.start", null, page.group(1), locale) : page.group(1);
            return messages.getMessage("origin.page", new Object[]{cursor, page.group(2)}, origin, locale);
        }
        return origin;
    }

    /** A notice by its kind and number ("督办通知 1"); the key as it is when it is not a notice's. */
    private String notice(String key, Locale locale) {
        try {
            DispatchKey notice = DispatchKey.parse(key);
            return messages.getMessage("notice." + notice.kind(), null, notice.kind(), locale) + " " + notice.noticeNo();
        } catch (IllegalArgumentException notAKey) {
            return key;
        }
    }

    /**
     * Why two reports were taken for one business (the same-business check's list: "address, location within 50 m,
     * shop name", or "linked by hand: ..."), in the reader's words ({@code why.<what agreed>}).
     */
    public String why(String why) {
        if (why == null || why.isBlank()) {
            return "";
        }
        Locale locale = LocaleContextHolder.getLocale();
        if (why.startsWith(LeadLinks.BY_HAND)) {
            return messages.getMessage("why.byHand", new Object[]{why.substring(LeadLinks.BY_HAND.length())}, why,
                    locale);
        }
        List<String> said = new ArrayList<>();
        for (String agreed : why.split(", ")) {
            Matcher near = NEAR.matcher(agreed);
            said.add(near.matches() ? messages.getMessage("why.near", new Object[]{near.group(1)}, agreed, locale)
                    : messages.getMessage("why." + agreed.replace(' ', '_'), null, agreed, locale));
        }
        return String.join(messages.getMessage("why.separator", null, ", ", locale), said);
    }
}
