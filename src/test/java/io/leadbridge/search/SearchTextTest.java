package io.leadbridge.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTextTest {

    @Test
    void foldsScriptWidthCaseAndPunctuationLikeRouting() {
        assertThat(SearchText.fold("老王製鞋（虎門）")).isEqualTo("老王制鞋虎门");
        assertThat(SearchText.fold("ＡＢＣ　便利店 No.12")).isEqualTo("abc便利店no12");
        assertThat(SearchText.fold(null)).isEmpty();
    }

    @Test
    void gramsAreTwoCharactersOfOneFieldNeverAcrossFields() {
        assertThat(SearchText.grams(List.of("老王鞋店", "人民路"))).containsExactly("老王", "王鞋", "鞋店", "人民", "民路");
        assertThat(SearchText.grams(List.of("王"))).as("a field of one character has no gram").isEmpty();
    }

    @Test
    void aMatchIsTheWholeQueryInOneField() {
        List<String> fields = List.of("老王鞋店", "人民路12号");
        assertThat(SearchText.matches(fields, "王鞋")).isTrue();
        assertThat(SearchText.matches(fields, "人民路12")).isTrue();
        // both grams occur, but not together in one field
        assertThat(SearchText.matches(List.of("老王", "王鞋业"), "老王鞋")).isFalse();
    }
}
