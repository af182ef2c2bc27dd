package io.leadbridge.sla;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The days the law fixes, computed for a year, and the published schedules tyme4j carries: checked against the State Council's. */
class StatutoryHolidaysTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // year, lunar New Year's Day, Qingming, Dragon Boat, Mid-Autumn (as the State Council's schedules gave them)
            "2018, 2018-02-16, 2018-04-05, 2018-06-18, 2018-09-24",
            "2020, 2020-01-25, 2020-04-04, 2020-06-25, 2020-10-01",
            "2023, 2023-01-22, 2023-04-05, 2023-06-22, 2023-09-29",
            "2024, 2024-02-10, 2024-04-04, 2024-06-10, 2024-09-17",
            "2025, 2025-01-29, 2025-04-04, 2025-05-31, 2025-10-06",
            "2026, 2026-02-17, 2026-04-05, 2026-06-19, 2026-09-25",
    })
    void lunarFestivalsAndTheSolarTermFallOnTheirDays(int year, LocalDate newYear, LocalDate qingming, LocalDate dragonBoat,
                                                     LocalDate midAutumn) {
        Map<LocalDate, String> days = StatutoryHolidays.of(year);
        assertThat(days).containsEntry(newYear, "春节").containsEntry(newYear.plusDays(2), "春节")
                .containsEntry(qingming, "清明节").containsEntry(dragonBoat, "端午节");
        if (!midAutumn.equals(LocalDate.of(year, 10, 1))) {
            assertThat(days).containsEntry(midAutumn, "中秋节");
        }
        assertThat(days).doesNotContainKey(newYear.plusDays(3));
    }

    @Test
    void theRevisionOf2024AddsNewYearsEveAndTheSecondOfMay() {
        assertThat(StatutoryHolidays.of(2024)).hasSize(11).doesNotContainKey(LocalDate.of(2024, 2, 9))
                .doesNotContainKey(LocalDate.of(2024, 5, 2));
        assertThat(StatutoryHolidays.of(2026)).hasSize(13).containsEntry(LocalDate.of(2026, 2, 16), "春节")
                .containsEntry(LocalDate.of(2026, 5, 2), "劳动节");
    }

    @Test
    void everyStatutoryDayIsAHolidayInTheSchedulesShipped() {
        WorkingCalendar shipped = new WorkingCalendar(Path.of("config/calendar.csv"));
        for (int year : new int[] {2018, 2026}) {
            assertThat(StatutoryHolidays.of(year).keySet()).allSatisfy(day -> assertThat(shipped.isWorkingDay(day))
                    .as("%s in the shipped schedule", day).isFalse());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {2018, 2026})
    void theLibrarysCopyOfAPublishedScheduleGivesTheWorkingDaysTheFileGives(int year) {
        WorkingCalendar shipped = new WorkingCalendar(Path.of("config/calendar.csv"));
        Map<LocalDate, Boolean> published = StatutoryHolidays.published(year);
        assertThat(published).isNotEmpty();
        for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
            boolean weekday = day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
            assertThat(published.getOrDefault(day, weekday)).as("%s", day).isEqualTo(shipped.isWorkingDay(day));
        }
    }

    @Test
    void aYearNotPublishedWhenTheLibraryWasReleasedHasNoSchedule() {
        assertThat(StatutoryHolidays.published(2027)).isEmpty();
    }

    /** 2027's New Year is 6 February: its new moon comes a few minutes before midnight in China (ICU put it after). */
    @Test
    void theNextYearCountsItsStatutoryDays() {
        Map<LocalDate, String> days = StatutoryHolidays.of(2027);
        assertThat(days).hasSize(13).containsEntry(LocalDate.of(2027, 1, 1), "元旦")
                .containsEntry(LocalDate.of(2027, 2, 5), "春节").containsEntry(LocalDate.of(2027, 2, 8), "春节")
                .containsEntry(LocalDate.of(2027, 4, 5), "清明节").containsEntry(LocalDate.of(2027, 6, 9), "端午节")
                .containsEntry(LocalDate.of(2027, 9, 15), "中秋节").containsEntry(LocalDate.of(2027, 10, 3), "国庆节");
    }
}
