package io.leadbridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where the console may show leads' photos from ({@code bridge.console.photos}): the attachment hosts (origins,
 * {@code https://host[:port]}) that the lead page loads thumbnails from and the Content-Security-Policy's img-src
 * names, and prefixes rewritten before that (a URL as Smart-Grid reports it, to one the console's users can reach).
 * A host given with a path, or not over http(s), is refused at start with its name.
 */
@ConfigurationProperties("bridge.console.photos")
public record ConsolePhotos(List<String> hosts, List<Rewrite> rewrite) {

    /** URLs starting with {@code from} are shown starting with {@code to} instead. */
    public record Rewrite(String from, String to) {
        public Rewrite {
            if (from == null || from.isBlank() || to == null) {
                throw new IllegalArgumentException("bridge.console.photos.rewrite: each rewrite needs a 'from' and a 'to'");
            }
        }
    }

    public ConsolePhotos {
        hosts = hosts == null ? List.of() : hosts.stream().map(String::strip).filter(h -> !h.isEmpty()).map(ConsolePhotos::host).toList();
        rewrite = rewrite == null ? List.of() : List.copyOf(rewrite);
    }

    private static String host(String configured) {
        String origin = origin(configured);
        if (!origin.equals(configured.toLowerCase(Locale.ROOT).replaceAll("/$", ""))) {
            throw new IllegalArgumentException("bridge.console.photos.hosts: '" + configured
                    + "' is not a host alone (scheme://host[:port], without a path): " + origin + "?");
        }
        return origin;
    }

    /** scheme://host[:port] of an http(s) address, lower case: what CSP's img-src names. */
    public static String origin(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bridge.console.photos.hosts: '" + url + "' is not an address", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("bridge.console.photos.hosts: '" + url + "' is not an http(s) address");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
