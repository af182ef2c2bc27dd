package io.leadbridge.triage;

import io.leadbridge.lead.Lead;
import io.leadbridge.routing.TextNormalizer;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What says which business a lead is about and where, folded so that two reports of it compare equal: the place
 * (town code and address, without the town's name, in simplified characters, half-width, without spaces and
 * punctuation, 號 as 号, without floor words such as 首层, 一楼, 铺面 at the end), the shop's name and the operator's
 * name folded the same way, the phone's digits and the ID number in capitals. Blank fields are null.
 */
public record Business(String placeKey, String address, Double lng, Double lat, String name, String operator,
                       String phone, String idNumber) {

    /** Floor and frontage words at the end of an address: the same shop whether or not a report adds them. */
    private static final Pattern FLOOR_WORDS = Pattern.compile(
            "(?:(?:首|底|一|1|地下|负一|-1)(?:层|楼)|地下|铺面|商铺|门面|门市|档口|店面|临街铺位?)+$");

    /**
     * The business of a validated lead; {@code townName} is the town's name from the town table (the lead's
     * own may differ), used to drop a town prefix from the address.
     */
    public static Business of(Lead lead, String townName) {
        Lead.Subject subject = lead.subject();
        String address = address(text(subject.address()), townName, text(lead.grid().townName()));
        Lead.Location location = subject.location();
        Double lng = location == null || location.lng() == null ? null : location.lng().doubleValue();
        Double lat = location == null || location.lat() == null ? null : location.lat().doubleValue();
        return new Business(address == null ? null : lead.townCode() + ":" + address, address, lng, lat,
                blankToNull(TextNormalizer.normalize(text(subject.name()))),
                blankToNull(TextNormalizer.normalize(text(subject.operatorName()))),
                blankToNull(text(subject.operatorPhone()).replaceAll("[^0-9]", "")),
                blankToNull(TextNormalizer.normalize(text(subject.operatorIdNumber())).toUpperCase(Locale.ROOT)));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** The address folded: null when nothing is left. */
    static String address(String address, String... townNames) {
        String folded = TextNormalizer.normalize(address).replaceAll("\\p{P}", "");
        for (String town : townNames) {
            String name = TextNormalizer.normalize(town);
            if (!name.isEmpty() && folded.startsWith(name)) {
                folded = folded.substring(name.length());
                break;
            }
        }
        folded = FLOOR_WORDS.matcher(folded).replaceAll("");
        return blankToNull(folded);
    }

    /** Metres between two points (equirectangular: exact enough at tens of metres). */
    public static double metres(double lng1, double lat1, double lng2, double lat2) {
        double x = Math.toRadians(lng2 - lng1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        double y = Math.toRadians(lat2 - lat1);
        return Math.sqrt(x * x + y * y) * 6_371_000;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
