package io.leadbridge.sla;

import io.leadbridge.config.BridgeProperties;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines in working days: across a weekend, across National Day 2018, and across a dispute pause. */
class SlaClockTest {

    private final SlaClock clock = new SlaClock(new WorkingCalendar(Path.of("config/calendar.csv")), new BridgeProperties());

    static OffsetDateTime at(String localTime) {
        return OffsetDateTime.parse(localTime + "+08:00");
    }

    @Test
    void acrossAWeekend() {
        // Friday 2026-11-27 16:00: accept in 2 working days is Tuesday, close in 20 is Thursday 24 December.
        SlaClock.Deadlines d = clock.forDispatch(at("2026-11-27T16:00:00"), false, 0);
        assertThat(d.accept()).isEqualTo(at("2026-12-01T23:59:59"));
        assertThat(d.finish()).isEqualTo(at("2026-12-25T23:59:59"));
        // A MAJOR hazard: 1 and 10 working days.
        SlaClock.Deadlines major = clock.forDispatch(at("2026-11-27T16:00:00"), true, 0);
        assertThat(major.accept()).isEqualTo(at("2026-11-30T23:59:59"));
        assertThat(major.finish()).isEqualTo(at("2026-12-11T23:59:59"));
    }

    @Test
    void acrossNationalDay2018WithItsMakeUpWorkingDays() {
        // Friday 28 September 2018: Saturday 29 and Sunday 30 are worked, 1-7 October are not.
        SlaClock.Deadlines d = clock.forDispatch(at("2018-09-28T09:30:00"), false, 0);
        assertThat(d.accept()).isEqualTo(at("2018-09-30T23:59:59"));
        SlaClock.Deadlines major = clock.forDispatch(at("2018-09-30T09:30:00"), true, 0);
        assertThat(major.accept()).isEqualTo(at("2018-10-08T23:59:59"));
        // 20 working days from Friday 28 September: 29 and 30 September, then 18 from 8 October.
        assertThat(d.finish()).isEqualTo(at("2018-10-31T23:59:59"));
    }

    @Test
    void acrossADisputePauseTheCloseClockGoesOnWithTheDaysItHadLeft() {
        OffsetDateTime dispatched = at("2026-11-02T10:00:00");         // a Monday
        OffsetDateTime objected = at("2026-11-06T15:00:00");           // Friday: the clock ran 4 working days
        int used = clock.workingDaysRun(dispatched, objected);
        assertThat(used).isEqualTo(4);
        // Disputed for over a week; re-dispatched Monday 16 November with 20 - 4 = 16 working days left.
        SlaClock.Deadlines redispatch = clock.forDispatch(at("2026-11-16T09:00:00"), false, used);
        assertThat(redispatch.finish()).isEqualTo(at("2026-12-08T23:59:59"));
        // The accept clock starts afresh for the new department.
        assertThat(redispatch.accept()).isEqualTo(at("2026-11-18T23:59:59"));
        // However long the pause, at least one working day is left.
        assertThat(clock.forDispatch(at("2026-11-16T09:00:00"), false, 25).finish()).isEqualTo(at("2026-11-17T23:59:59"));
    }
}
