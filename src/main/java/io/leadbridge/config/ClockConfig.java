package io.leadbridge.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.ZoneId;

/** One clock for the bridge, in the city's zone, so tests can fix time. */
@Configuration(proxyBeanMethods = false)
public class ClockConfig {

    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

    @Bean
    Clock clock() {
        return Clock.system(CITY_ZONE);
    }
}
