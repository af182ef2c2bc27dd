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

    @Test
    void icuIsIdempotentWhereItsDataHasACycle() {
        assertThat(TextNormalizer.normalize("苎")).isEqualTo("苎");
        assertThat(TextNormalizer.normalize("苧")).isEqualTo("苎");
        assertThat(TextNormalizer.normalize(TextNormalizer.normalize("薴"))).isEqualTo(TextNormalizer.normalize("薴"));
    }
}
