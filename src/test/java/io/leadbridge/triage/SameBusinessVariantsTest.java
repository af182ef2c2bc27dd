package io.leadbridge.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ibm.icu.text.Transliterator;
import io.leadbridge.SharedSamples;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same-business decision on reports the project has not seen: a generator makes, from each shared sample lead,
 * a business reported three to six times (each report rewritten in several ways at once: traditional script,
 * full-width digits, spaces, floor words, 號, the town's name dropped, a few metres of location, a blank phone)
 * and near misses beside it (another business at the same address, the same shop in another town, another number
 * on the same road). Every later report must be found the same as the first; no near miss may be. Plain unit
 * test of {@link Business} and {@link SameBusiness#score}: the place key (what the index finds) and the score.
 */
class SameBusinessVariantsTest {

    static final Transliterator TRADITIONAL = Transliterator.getInstance("Simplified-Traditional");
    static final Map<String, String> TOWNS = towns();
    static final List<String> FLOOR_WORDS = List.of("首层", "一楼", "铺面", "1楼", "地下", "门面");

    final SameBusiness check = new SameBusiness(null, null, 0.75, 50);
    final Random random = new Random(20261202);

    static Map<String, String> towns() {
        Map<String, String> towns = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("config/towns.csv"), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                towns.put(cells[0], cells[1]);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return towns;
    }

    Business business(JsonNode lead) {
        return Business.of(io.leadbridge.lead.Lead.of(lead), TOWNS.getOrDefault(lead.path("grid").path("townCode").asText(), ""));
    }

    /** Same business at the same place: the index finds it (same place key) and it scores at or above the threshold. */
    boolean same(JsonNode a, JsonNode b) {
        Business x = business(a);
        Business y = business(b);
        return x.placeKey() != null && x.placeKey().equals(y.placeKey()) && check.score(x, y, new ArrayList<>()) >= 0.75;
    }

    @Test
    void reportsOfOneBusinessAreFoundAndNearMissesAreNot() {
        int pairs = 0;
        int found = 0;
        int nearMisses = 0;
        List<String> missed = new ArrayList<>();
        List<String> wronglyLinked = new ArrayList<>();
        for (JsonNode sample : SharedSamples.leads()) {
            if (!sample.path("subject").path("address").isTextual()) {
                continue;
            }
            ObjectNode first = withTownPrefix(sample.deepCopy());
            int reports = 3 + random.nextInt(4);
            for (int r = 1; r < reports; r++) {
                ObjectNode again = variant(first);
                pairs++;
                if (same(first, again)) {
                    found++;
                } else {
                    missed.add(address(first) + " | " + address(again));
                }
            }
            for (ObjectNode near : nearMisses(first)) {
                nearMisses++;
                if (same(first, near)) {
                    wronglyLinked.add(address(first) + " | " + address(near) + " " + near.path("subject"));
                }
            }
        }
        double recall = (double) found / pairs;
        System.out.printf("same business, generated variants: %d later reports, recall %.4f; %d near misses, %d linked%n",
                pairs, recall, nearMisses, wronglyLinked.size());
        assertThat(recall).as("missed: %s", missed.stream().limit(10).toList()).isGreaterThanOrEqualTo(0.95);
        assertThat(wronglyLinked).as("near misses linked").isEmpty();
        assertThat(pairs).isGreaterThan(800);
    }

    @Test
    void theFoldedAddress() {
        assertThat(Business.address("石碣鎮西湖社區人民大道１００號 铺面", "石碣镇")).isEqualTo("西湖社区人民大道100号");
        assertThat(Business.address("西湖社区人民大道100号一楼", "石碣镇")).isEqualTo("西湖社区人民大道100号");
        assertThat(Business.address("石碣镇西湖社区人民大道98号", "石碣镇")).isEqualTo("西湖社区人民大道98号");
        assertThat(Business.address("  ", "石碣镇")).isNull();
    }

    /** The sample's address with its town's name in front, as most reports write it. */
    static ObjectNode withTownPrefix(ObjectNode lead) {
        String town = TOWNS.getOrDefault(lead.path("grid").path("townCode").asText(), "");
        String address = address(lead);
        if (!address.startsWith(town)) {
            subject(lead).put("address", town + address);
        }
        return lead;
    }

    /** Another report of the same business: two to four rewrites of the address, moved a few metres, maybe no phone. */
    ObjectNode variant(ObjectNode first) {
        ObjectNode lead = first.deepCopy();
        String town = TOWNS.getOrDefault(lead.path("grid").path("townCode").asText(), "");
        List<UnaryOperator<String>> rewrites = new ArrayList<>(List.of(
                TRADITIONAL::transliterate,
                a -> fullWidthDigits(a),
                a -> a.replaceFirst("(\\d)", " $1"),
                a -> a + FLOOR_WORDS.get(random.nextInt(FLOOR_WORDS.size())),
                a -> a.replace("号", "號"),
                a -> a.startsWith(town) ? a.substring(town.length()) : a));
        java.util.Collections.shuffle(rewrites, random);
        String address = address(lead);
        for (UnaryOperator<String> rewrite : rewrites.subList(0, 2 + random.nextInt(3))) {
            address = rewrite.apply(address);
        }
        subject(lead).put("address", address);
        if (random.nextBoolean()) {
            subject(lead).put("name", TRADITIONAL.transliterate(lead.path("subject").path("name").asText("")));
        }
        if (random.nextInt(4) == 0) {
            subject(lead).put("operatorPhone", "");
        }
        JsonNode location = lead.path("subject").path("location");
        if (location.isObject()) {
            ((ObjectNode) location).put("lng", location.get("lng").asDouble() + (random.nextDouble() - 0.5) * 0.0003)
                    .put("lat", location.get("lat").asDouble() + (random.nextDouble() - 0.5) * 0.0003);
        }
        return lead;
    }

    /** Another business at the same address; the same shop and operator in another town; another number on the road. */
    List<ObjectNode> nearMisses(ObjectNode first) {
        ObjectNode otherBusiness = first.deepCopy();
        subject(otherBusiness).put("name", "另一家" + random.nextInt(1000) + "店").put("operatorName", "某某")
                .put("operatorPhone", "139" + (10_000_000 + random.nextInt(89_999_999)))
                .put("operatorIdNumber", "44190019900101" + (1000 + random.nextInt(8999)));
        ObjectNode otherTown = first.deepCopy();
        String town = otherTown.path("grid").path("townCode").asText();
        String elsewhere = TOWNS.keySet().stream().filter(t -> !t.equals(town)).sorted().findFirst().orElseThrow();
        otherTown.with("grid").put("townCode", elsewhere).put("townName", TOWNS.get(elsewhere));
        subject(otherTown).put("address", address(first).replaceFirst("^" + java.util.regex.Pattern.quote(
                TOWNS.getOrDefault(town, "")), TOWNS.get(elsewhere)));
        ObjectNode otherNumber = first.deepCopy();
        subject(otherNumber).put("address", address(first).replaceFirst("(\\d+)(号|號)", (random.nextInt(400) + 401) + "$2"));
        List<ObjectNode> misses = new ArrayList<>(List.of(otherBusiness, otherTown));
        if (!address(otherNumber).equals(address(first))) {
            misses.add(otherNumber);
        }
        return misses;
    }

    static String fullWidthDigits(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= '0' && c <= '9' ? (char) (c - '0' + '０') : (char) c));
        return out.toString();
    }

    static String address(JsonNode lead) {
        return lead.path("subject").path("address").asText("");
    }

    static ObjectNode subject(ObjectNode lead) {
        return (ObjectNode) lead.get("subject");
    }
}
