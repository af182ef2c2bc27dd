package io.leadbridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's map ({@code bridge.console.map}): the city's own tile service as a URL template
 * ({@code https://tiles.city.example/{z}/{x}/{y}.png}, {@code {s}} for its sub-domains) and the attribution it asks
 * for. Without a tile URL the map is drawn on a plain longitude/latitude canvas with the towns' names. The
 * Content-Security-Policy's img-src names the tile host ({@link #imageSource()}).
 */
@ConfigurationProperties("bridge.console.map")
public record ConsoleMap(String tileUrl, String attribution, Integer maxPoints) {

    private static final Pattern ORIGIN = Pattern.compile("(?i)^(https?)://([a-z0-9.{}-]+)(:\\d+)?(/.*)?$");

    public ConsoleMap {
        tileUrl = tileUrl == null || tileUrl.isBlank() ? null : tileUrl.strip();
        attribution = attribution == null ? "" : attribution.strip();
        maxPoints = maxPoints == null ? 2000 : maxPoints;
        if (tileUrl != null && !ORIGIN.matcher(tileUrl).matches()) {
            throw new IllegalArgumentException("bridge.console.map.tile-url: '" + tileUrl
                    + "' is not an http(s) URL template like https://tiles.city.example/{z}/{x}/{y}.png");
        }
        if (maxPoints < 1 || maxPoints > 20_000) {
            throw new IllegalArgumentException("bridge.console.map.max-points: " + maxPoints + " is not between 1 and 20000");
        }
    }

    /** The tile host as CSP names it (a {@code {s}} sub-domain as a wildcard); null without tiles. */
    public String imageSource() {
        if (tileUrl == null) {
            return null;
        }
        Matcher m = ORIGIN.matcher(tileUrl);
        m.matches();
        String host = m.group(2).toLowerCase(Locale.ROOT).replace("{s}", "*");
        return m.group(1).toLowerCase(Locale.ROOT) + "://" + host + (m.group(3) == null ? "" : m.group(3));
    }
}
