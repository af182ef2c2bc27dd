package io.leadbridge.sla;

import com.tyme.holiday.LegalHoliday;
import com.tyme.lunar.LunarDay;
import com.tyme.solar.SolarDay;
import com.tyme.solar.SolarTerm;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The days the law itself makes public holidays in a year (《全国年节及纪念日放假办法》, as revised in 2024 and in
 * force from 2025; for earlier years the 2013 text, in force from 2014): 元旦 1 January; 春节 the lunar New Year's
 * Eve and the first three days of the first month (New Year's Eve from 2025); 清明节 the day of the Qingming solar
 * term; 劳动节 1 May (and 2 May from 2025); 端午节 the fifth day of the fifth month; 中秋节 the fifteenth of the
 * eighth; 国庆节 1 to 3 October. Lunar dates and the solar term come from tyme4j (6tail's calendar library, China's
 * time; ICU's astronomy puts some new moons near midnight on the wrong day, 2027's New Year among them).
 *
 * <p>The State Council's yearly schedule adds bridging days and moves working days onto weekends; those cannot be
 * computed. tyme4j carries the schedules published before its release ({@link #published}); for a year the calendar
 * file does not list, {@link WorkingCalendar} counts that copy, or, for a year not published yet, the statutory days
 * ({@link #of}): closer than weekends alone, and still a reason to add the year's schedule to the calendar file.
 */
final class StatutoryHolidays {

    private StatutoryHolidays() {
    }

    /** The statutory holidays of {@code year}, each with its festival's name. */
    static Map<LocalDate, String> of(int year) {
        boolean revised2024 = year >= 2025;
        Map<LocalDate, String> days = new TreeMap<>();
        days.put(LocalDate.of(year, 1, 1), "元旦");
        LocalDate newYear = date(LunarDay.fromYmd(year, 1, 1).getSolarDay());
        if (revised2024) {
            days.put(newYear.minusDays(1), "春节");
        }
        for (int n = 0; n < 3; n++) {
            days.put(newYear.plusDays(n), "春节");
        }
        days.put(date(SolarTerm.fromName(year, "清明").getJulianDay().getSolarDay()), "清明节");
        days.put(LocalDate.of(year, 5, 1), "劳动节");
        if (revised2024) {
            days.put(LocalDate.of(year, 5, 2), "劳动节");
        }
        days.put(date(LunarDay.fromYmd(year, 5, 5).getSolarDay()), "端午节");
        days.put(date(LunarDay.fromYmd(year, 8, 15).getSolarDay()), "中秋节");
        for (int day = 1; day <= 3; day++) {
            days.put(LocalDate.of(year, 10, day), "国庆节");
        }
        return days;
    }

    /**
     * The State Council's schedule of {@code year} as tyme4j carries it (2002 to the year before its release): true for
     * a make-up working day, false for a day off; empty when it has not got the year.
     */
    static Map<LocalDate, Boolean> published(int year) {
        Map<LocalDate, Boolean> days = new TreeMap<>();
        for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
            LegalHoliday holiday = LegalHoliday.fromYmd(year, day.getMonthValue(), day.getDayOfMonth());
            if (holiday != null) {
                days.put(day, holiday.isWork());
            }
        }
        return days;
    }

    private static LocalDate date(SolarDay day) {
        return LocalDate.of(day.getYear(), day.getMonth(), day.getDay());
    }
}
