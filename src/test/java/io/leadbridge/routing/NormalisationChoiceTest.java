package io.leadbridge.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.houbb.opencc4j.util.ZhConverterUtil;
import io.leadbridge.SharedSamples;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ICU4J's transliterator (chosen) against OpenCC for Java on what the bridge normalises: every
 * field of the shared samples and every catalogue term. The figures are in docs/routing.md.
 */
class NormalisationChoiceTest {

    @Test
    void icuAndOpenCcAgreeOnEverySampleFieldAndCatalogueTerm() throws IOException {
        List<String> texts = new ArrayList<>();
        for (JsonNode lead : SharedSamples.leads()) {
            texts.add(lead.path("subject").path("name").asText(""));
            texts.add(lead.path("businessScope").asText(""));
            texts.add(lead.path("description").asText(""));
        }
        texts.addAll(Files.readAllLines(SharedSamples.SHARED.resolve("catalogue/keywords.sample.csv"), StandardCharsets.UTF_8));
        List<String> differ = new ArrayList<>();
        for (String text : texts) {
            String icu = TextNormalizer.toSimplified(text);
            String openCc = ZhConverterUtil.toSimple(text);
            if (!icu.equals(openCc)) {
                differ.add(text + " → ICU " + icu + " / OpenCC " + openCc);
            }
        }
        System.out.printf("normalisation choice: %d texts, %d differ between ICU and OpenCC%n", texts.size(), differ.size());
        assertThat(differ).isEmpty();
    }

    @Test
    void onTraditionalTextsBothSimplifyTheWordsThatRoute() {
        String[] traditional = {"網吧", "歌廳", "診所", "醫療美容", "藥店", "餐廳", "旅館", "燒臘店", "麵包", "髮廊", "車行", "電鍍"};
        for (String word : traditional) {
            assertThat(TextNormalizer.toSimplified(word)).as(word).isEqualTo(ZhConverterUtil.toSimple(word));
        }
    }

    /**
     * Every character of OpenCC's table (the copy opencc4j ships, read from its jar), not a sample of
     * texts: the normaliser gives OpenCC's first simplified form, followed to where it stays (issue 16,
     * point 10). ICU alone disagreed on some hundreds, 麵 among them (ICU 麪, standard 面).
     */
    @Test
    void everyCharacterOfOpenCcsTableBecomesItsStandardSimplifiedForm() throws IOException {
        List<String> table;
        try (var in = ZhConverterUtil.class.getResourceAsStream("/data/dictionary/TSCharacters.txt")) {
            table = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        com.ibm.icu.text.Transliterator icu = com.ibm.icu.text.Transliterator.getInstance("Traditional-Simplified");
        java.util.Map<String, String> standard = new java.util.HashMap<>();
        for (String line : table) {
            String[] parts = line.split("\t");
            if (parts.length == 2 && parts[0].codePointCount(0, parts[0].length()) == 1) {
                standard.put(parts[0], parts[1].trim().split(" ")[0]);
            }
        }
        List<String> differ = new ArrayList<>();
        int icuDiffered = 0;
        for (var entry : standard.entrySet()) {
            String expected = entry.getValue();
            for (int i = 0; i < 4 && standard.containsKey(expected) && !standard.get(expected).equals(expected); i++) {
                expected = standard.get(expected);
            }
            if (!icu.transliterate(entry.getKey()).equals(expected)) {
                icuDiffered++;
            }
            String ours = TextNormalizer.toSimplified(entry.getKey());
            if (!ours.equals(expected)) {
                differ.add(entry.getKey() + " → " + ours + " (OpenCC " + expected + ")");
            }
            assertThat(TextNormalizer.toSimplified(ours)).as("idempotent on " + entry.getKey()).isEqualTo(ours);
        }
        System.out.printf("normalisation: %d characters of OpenCC's table; ICU alone differs on %d; the normaliser on %d%n",
                standard.size(), icuDiffered, differ.size());
        assertThat(TextNormalizer.toSimplified("麵")).isEqualTo("面");
        assertThat(TextNormalizer.normalize("麵包車拉客")).isEqualTo("面包车拉客");
        assertThat(differ).isEmpty();
    }

    @Test
    void icuIsIdempotentWhereItsDataHasACycle() {
        assertThat(TextNormalizer.normalize("苎")).isEqualTo("苎");
        assertThat(TextNormalizer.normalize("苧")).isEqualTo("苎");
        assertThat(TextNormalizer.normalize(TextNormalizer.normalize("薴"))).isEqualTo(TextNormalizer.normalize("薴"));
    }
}
