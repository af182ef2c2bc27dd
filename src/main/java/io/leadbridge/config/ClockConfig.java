package io.leadbridge.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One clock for the bridge, in the city's zone, so tests can fix time. */
@Configuration(proxyBeanMethods = false)
public class ClockConfig {

    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

    /** Times as the departments' formats write them (the case, its feedback, notices): local, to the second. */
    public static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * Before any time the bridge keeps: the lower bound of a query for what is due by now over an indexed time that
     * is null for most rows (a closed lead has no next deadline). H2 reads an index from its start for
     * {@code column <= ?} alone, every null entry included (a million at a million leads); from this bound it reads
     * only what is due.
     */
    public static final OffsetDateTime BEGINNING = OffsetDateTime.parse("1970-01-01T00:00:00Z");

    /** A time in the city's zone, as {@link #LOCAL_TIME}. */
    public static String local(OffsetDateTime time) {
        return time.atZoneSameInstant(CITY_ZONE).format(LOCAL_TIME);
    }

    @Bean
    Clock clock() {
        return Clock.system(CITY_ZONE);
    }
}
