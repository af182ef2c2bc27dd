package io.leadbridge.sla;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Working days of the shipped calendar: weekends, public holidays and make-up working days. */
class WorkingCalendarTest {

    private final WorkingCalendar calendar = new WorkingCalendar(Path.of("config/calendar.csv"));

    @Test
    void weekendsHolidaysAndMakeUpDays() {
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 11, 27))).isTrue();   // a Friday
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 11, 28))).isFalse();  // a Saturday
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 1))).isFalse();   // National Day
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();   // a Saturday worked instead
        assertThat(calendar.isWorkingDay(LocalDate.of(2018, 2, 11))).isTrue();    // a Sunday worked before Spring Festival
        assertThat(calendar.isWorkingDay(LocalDate.of(2018, 2, 16))).isFalse();   // Spring Festival
    }

    @Test
    void deadlinesCountWorkingDaysAfterTheDay() {
        // Friday 13 Feb 2026: Saturday 14 is worked, then Spring Festival 15-23.
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 13), 1)).isEqualTo(LocalDate.of(2026, 2, 14));
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 2, 13), 2)).isEqualTo(LocalDate.of(2026, 2, 24));
        // Wednesday 30 Sep 2026: National Day 1-7 Oct, then Thursday 8.
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 9, 30), 1)).isEqualTo(LocalDate.of(2026, 10, 8));
        // A plain week: Thursday + 2 working days is Monday.
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 11, 26), 2)).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 10))).isEqualTo(3);
    }

    @Test
    void aPublishedYearTheFileLacksCountsTheLibrarysCopyOfItsSchedule() {
        // 2025 is not in the file: Spring Festival 28 Jan - 4 Feb, worked on Sunday 26 Jan and Saturday 8 Feb
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 1, 26))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 2, 4))).isFalse();   // a Tuesday off, not a statutory day
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 2, 8))).isTrue();
        assertThat(calendar.addWorkingDays(LocalDate.of(2025, 1, 27), 1)).isEqualTo(LocalDate.of(2025, 2, 5));
    }

    @Test
    void aYearTheFileLacksCountsItsStatutoryHolidays() {
        // 2027 is in neither the file nor tyme4j 1.4.9: its statutory days are holidays, its weekends as ever, the rest working days
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();   // New Year's Day, a Friday
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 2, 5))).isFalse();   // lunar New Year's Eve, a Friday
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 2, 8))).isFalse();   // the third day of the first month, a Monday
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 2, 9))).isTrue();    // a Tuesday
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 2, 6))).isFalse();   // a Saturday
        // a case dispatched on Thursday 31 Dec 2026: one working day later is Monday 4 Jan 2027
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 12, 31), 1)).isEqualTo(LocalDate.of(2027, 1, 4));
    }
}
