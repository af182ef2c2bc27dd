package io.leadbridge.console;

import io.leadbridge.config.ConsolePhotos;
import io.leadbridge.lead.Lead;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The photos of a lead (its attachments of type photo) as the lead page shows them: a thumbnail when the picture's host
 * is one the console may load images from (ConsolePhotos: {@code bridge.console.photos.hosts}, which the
 * Content-Security-Policy's img-src names too), a plain link otherwise. {@code bridge.console.photos.rewrite} maps a URL prefix as Smart-Grid
 * reports it to the one the console's users can reach (an attachment host known by another name inside the city's
 * network; the demo's own generated photos), longest prefix first.
 */
@Component
public class Photos {

    /**
     * A photo: the address the page uses, whether the page may show it inline, and whether it may be a link at all (an
     * http(s) address or the bridge's own path; anything else, a {@code javascript:} address say, is shown as text).
     */
    public record Photo(String url, boolean shown, boolean linked) {
    }

    private static final java.util.regex.Pattern PICTURE = java.util.regex.Pattern.compile(
            "(?i).*\\.(jpe?g|png|gif|webp|bmp)([?#].*)?");

    private final ConsolePhotos settings;

    public Photos(ConsolePhotos settings) {
        this.settings = settings;
    }

    /** The photos among a lead's attachments, in their order; none for none (null). */
    public List<Photo> of(List<Lead.Attachment> attachments) {
        List<Photo> photos = new ArrayList<>();
        if (attachments == null) {
            return photos;
        }
        for (Lead.Attachment attachment : attachments) {
            String url = attachment.url() == null ? "" : attachment.url();
            String type = attachment.type() == null ? "" : attachment.type();
            boolean picture = type.isEmpty() ? PICTURE.matcher(url).matches()
                    : type.equalsIgnoreCase("photo") || type.equalsIgnoreCase("image");
            if (picture && !url.isBlank()) {
                String shown = rewritten(url.strip());
                boolean linked = ownPath(shown) || shown.regionMatches(true, 0, "http://", 0, 7)
                        || shown.regionMatches(true, 0, "https://", 0, 8);
                photos.add(new Photo(shown, linked && allowed(shown), linked));
            }
        }
        return photos;
    }

    private String rewritten(String url) {
        return settings.rewrite().stream().filter(r -> url.startsWith(r.from()))
                .max(java.util.Comparator.comparingInt(r -> r.from().length()))
                .map(r -> r.to() + url.substring(r.from().length())).orElse(url);
    }

    /** The bridge's own paths, and the configured hosts over http(s). */
    private boolean allowed(String url) {
        if (ownPath(url)) {
            return true;
        }
        try {
            return settings.hosts().contains(ConsolePhotos.origin(url));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean ownPath(String url) {
        return url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\");
    }
}
