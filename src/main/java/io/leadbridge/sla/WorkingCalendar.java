package io.leadbridge.sla;

import io.leadbridge.config.BridgeProperties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The city's working days: Monday to Friday, less the public holidays, plus the make-up
 * working days China moves onto weekends, from config/calendar.csv (date,kind,name with
 * kind HOLIDAY or WORKDAY). A year the file does not cover counts the State Council's schedule as the
 * tyme4j library carries it, or, for a year it has not got either (one not published when the library was
 * released), the days the law makes holidays besides weekends, with a warning: the bridging days and make-up
 * working days are known only once the year's schedule is published ({@link StatutoryHolidays}).
 */
@Component
public class WorkingCalendar {

    private static final Logger LOG = LoggerFactory.getLogger(WorkingCalendar.class);

    private final Map<LocalDate, Boolean> exceptions = new HashMap<>();
    private final Set<Integer> years = new TreeSet<>();
    /** The exceptions of the years the file does not cover, as {@link #otherYear} found them. */
    private final Map<Integer, Map<LocalDate, Boolean>> otherYears = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public WorkingCalendar(BridgeProperties properties) {
        this(properties.configFile(properties.getCalendarFile()));
    }

    public WorkingCalendar(Path file) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setCommentMarker('#').get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, format)) {
            for (CSVRecord row : parser) {
                LocalDate date = LocalDate.parse(row.get("date"));
                String kind = row.get("kind");
                if (!kind.equals("HOLIDAY") && !kind.equals("WORKDAY")) {
                    throw new IllegalStateException(file + ":" + parser.getCurrentLineNumber() + ": kind must be HOLIDAY or WORKDAY");
                }
                exceptions.put(date, kind.equals("WORKDAY"));
                years.add(date.getYear());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the working-day calendar " + file.toAbsolutePath(), e);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    public boolean isWorkingDay(LocalDate date) {
        Boolean exception = exceptions.get(date);
        if (exception == null && !years.contains(date.getYear())) {
            exception = otherYears.computeIfAbsent(date.getYear(), this::otherYear).get(date);
        }
        if (exception != null) {
            return exception;
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }

    private Map<LocalDate, Boolean> otherYear(int year) {
        try {
            Map<LocalDate, Boolean> published = StatutoryHolidays.published(year);
            if (!published.isEmpty()) {
                LOG.info("the working-day calendar has no entry for {}: counting the State Council's schedule as the tyme4j library has it", year);
                return published;
            }
            Map<LocalDate, Boolean> statutory = new HashMap<>();
            StatutoryHolidays.of(year).keySet().forEach(day -> statutory.put(day, false));
            LOG.warn("the working-day calendar has no entry for {}: counting weekends and the statutory holidays only"
                    + " (without the State Council's bridging days and make-up working days); add the year's schedule to the calendar file", year);
            return statutory;
        } catch (RuntimeException e) {
            LOG.warn("the working-day calendar has no entry for {} and its statutory holidays cannot be computed ({}):"
                    + " counting weekends only; add the year's schedule to the calendar file", year, e.toString());
            return Map.of();
        }
    }

    /** The n-th working day after {@code from} (from itself not counted); n >= 1. */
    public LocalDate addWorkingDays(LocalDate from, int n) {
        LocalDate day = from;
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day;
    }

    /** Working days in (from, to]: 0 when to is not after from. */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }
}
