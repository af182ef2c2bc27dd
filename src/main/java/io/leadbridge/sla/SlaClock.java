package io.leadbridge.sla;

import io.leadbridge.config.BridgeProperties;
import io.leadbridge.config.ClockConfig;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * A case's clocks, in working days of the city calendar. A deadline is the end (23:59:59) of the
 * N-th working day after the day of dispatch. The accept clock starts afresh with every dispatch
 * (a new department signs for it); the close clock belongs to the case: it stops while the case
 * is DISPUTED and, on re-dispatch, goes on with the working days it had left (at least one).
 */
@Component
public class SlaClock {

    /** When a dispatch must be accepted and the case closed. */
    public record Deadlines(OffsetDateTime accept, OffsetDateTime finish) {
    }

    private final WorkingCalendar calendar;
    private final BridgeProperties.Sla sla;

    public SlaClock(WorkingCalendar calendar, BridgeProperties properties) {
        this.calendar = calendar;
        this.sla = properties.getSla();
    }

    /** Deadlines of a dispatch at {@code at}; {@code usedDays} are the close clock's working days already run. */
    public Deadlines forDispatch(OffsetDateTime at, boolean major, int usedDays) {
        LocalDate day = at.atZoneSameInstant(ClockConfig.CITY_ZONE).toLocalDate();
        int accept = major ? sla.getMajorAcceptDays() : sla.getAcceptDays();
        int finish = Math.max(1, (major ? sla.getMajorFinishDays() : sla.getFinishDays()) - usedDays);
        return new Deadlines(endOf(calendar.addWorkingDays(day, accept)), endOf(calendar.addWorkingDays(day, finish)));
    }

    /** Working days the close clock ran from a dispatch to now (when the case goes back to its town). */
    public int workingDaysRun(OffsetDateTime from, OffsetDateTime to) {
        return calendar.workingDaysBetween(from.atZoneSameInstant(ClockConfig.CITY_ZONE).toLocalDate(),
                to.atZoneSameInstant(ClockConfig.CITY_ZONE).toLocalDate());
    }

    private static OffsetDateTime endOf(LocalDate day) {
        return day.atTime(LocalTime.of(23, 59, 59)).atZone(ClockConfig.CITY_ZONE).toOffsetDateTime();
    }
}
