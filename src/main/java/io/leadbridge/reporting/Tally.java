package io.leadbridge.reporting;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadbridge.config.ClockConfig;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one lead adds to the counters: for each scope it is in (city, its town, its departments, its
 * inspector, its departments within its town, the ledger overview by town, the closing trend), the
 * figures that count it and its working days to accept and to close. Worked out by {@link Figures}
 * itself on a ledger of one lead, so that the counters keep the definitions of docs/metrics.md.
 */
@Component
public class Tally {

    /** The version of the figures' definitions; raise it when they change, and the counters are made anew. */
    public static final int DEFINITIONS = 3; // 2: merged and repeat (same business, same place); 3: urged (督办)

    static final char SEP = '\u001f';
    static final String DAYS = "~";

    /** The lead as the tally last counted it, kept compact (an array of values) in lead_tally. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    public record Input(String state, String town, String dept, String hazard, String decision, String reason, String reviewFlag,
                        String caseNo, String industry, String inspector, Long receivedAt, Long dispatchedAt, Long deadlineAccept,
                        Long deadlineFinish, Long acceptedAt, Long closedAt, String outcome, String firstMode, Set<String> disputes,
                        Set<String> objectedBy, Set<String> dispatchedTo, long countedAt, boolean repeat, boolean urged,
                        Long urgedUntil) {

        static Input of(LedgerRow row, LedgerReader.Period period, OffsetDateTime now) {
            return new Input(row.state(), row.townCode(), row.deptCode(), row.hazard(), row.decision(), row.reason(), row.reviewFlag(),
                    row.caseNo(), row.industry(), row.inspectorId(), ms(row.receivedAt()), ms(row.dispatchedAt()),
                    ms(row.deadlineAccept()), ms(row.deadlineFinish()), ms(row.acceptedAt()), ms(row.closedAt()), row.outcome(),
                    row.firstMode(), sorted(period.routerDisputes().get(row.id())), sorted(period.objectedBy().get(row.id())),
                    sorted(period.dispatchedTo().get(row.id())), now.toInstant().toEpochMilli(), row.repeat(), row.urged(),
                    ms(row.urgedUntil()));
        }

        LedgerRow row() {
            return new LedgerRow(0, "lead", state, town, dept, hazard, decision, reason, reviewFlag, caseNo, industry, inspector,
                    time(receivedAt), time(dispatchedAt), time(deadlineAccept), time(deadlineFinish), time(acceptedAt), time(closedAt),
                    outcome, firstMode, repeat, urged, time(urgedUntil));
        }

        LedgerReader.Period period() {
            return new LedgerReader.Period(List.of(row()), of(disputes), of(objectedBy), of(dispatchedTo));
        }

        /** As the ledger reader gives it: a lead with none is not in the map. */
        private static Map<Long, Set<String>> of(Set<String> values) {
            return values.isEmpty() ? Map.of() : Map.of(0L, values);
        }

        OffsetDateTime counted() {
            return time(countedAt);
        }

        String month() {
            return YearMonth.from(time(receivedAt).atZoneSameInstant(ClockConfig.CITY_ZONE)).toString();
        }
    }

    private final Figures figures;
    private final ObjectMapper json;

    public Tally(Figures figures, ObjectMapper json) {
        this.figures = figures;
        this.json = json;
    }

    /**
     * What the lead adds, as "scope␟key␟figure" -> 1; working days as "scope␟key␟~daysToAccept=3.0" -> 1.
     * Times count to the millisecond, as they are kept in lead_tally, so that the same input always adds the same.
     */
    public Map<String, Integer> contributions(Input input) {
        LedgerReader.Period one = input.period();
        OffsetDateTime now = input.counted();
        LedgerRow lead = one.leads().get(0);
        Map<String, Integer> out = new HashMap<>();
        String town = String.valueOf(lead.townCode());
        for (ScopeFigures f : figures.oneLead(one, now)) {
            add(out, f);
            if (f.scope().equals("dept")) {
                add(out, "dept@" + town, f);
            }
        }
        out.put(key("ledger", town, "state." + lead.state()), 1);
        out.put(key("ledger", town, "industry." + (lead.industry() == null ? "NONE" : lead.industry())), 1);
        out.put(key("ledger", town, "hazard." + (lead.hazard() == null ? "NONE" : lead.hazard())), 1);
        if (lead.closedAt() != null && "CLOSED".equals(lead.state())) {
            out.put(key("trend", town, "closedIn." + YearMonth.from(lead.closedAt().atZoneSameInstant(ClockConfig.CITY_ZONE))), 1);
        }
        return out;
    }

    private static void add(Map<String, Integer> out, ScopeFigures f) {
        add(out, f.scope(), f);
    }

    private static void add(Map<String, Integer> out, String scope, ScopeFigures f) {
        f.forEachCount((figure, n) -> {
            if (n > 0) {
                out.put(key(scope, f.key(), figure), n);
            }
        });
        f.spreads().forEach((name, spread) -> {
            if (spread.n() > 0) {
                out.put(key(scope, f.key(), DAYS + name + "=" + spread.median()), spread.n());
            }
        });
    }

    static String key(String scope, String key, String figure) {
        return scope + SEP + key + SEP + figure;
    }

    /**
     * When the lead's figures change next by the clock alone (a millisecond after the deadline, when
     * "before now" turns true); null for never.
     */
    public OffsetDateTime nextChange(Input input) {
        OffsetDateTime next = Figures.nextChange(input.row(), input.counted());
        return next == null ? null : next.plusNanos(1_000_000);
    }

    String write(Input input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Input read(String text) {
        try {
            return json.readValue(text, Input.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lead_tally holds an input this version cannot read: " + e.getOriginalMessage(), e);
        }
    }

    private static Long ms(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toEpochMilli();
    }

    private static OffsetDateTime time(Long ms) {
        return ms == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ClockConfig.CITY_ZONE);
    }

    private static Set<String> sorted(Set<String> values) {
        return values == null ? Set.of() : new TreeSet<>(values);
    }
}
