package io.leadbridge.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchKeyTest {

    @Test
    void aGramsPostingsAreOneRangeInLeadOrder() {
        long first = SearchKey.first("鞋店");
        assertThat(SearchKey.of("鞋店", 0)).isEqualTo(first);
        assertThat(SearchKey.of("鞋店", 7)).isBetween(first, SearchKey.last("鞋店")).isLessThan(SearchKey.of("鞋店", 8));
        assertThat(SearchKey.of("鞋店", SearchKey.LEADS - 1)).isEqualTo(SearchKey.last("鞋店"));
        assertThat(SearchKey.lead(SearchKey.of("鞋店", 123_456_789))).isEqualTo(123_456_789);
        // the next gram's postings start after this one's last
        assertThat(SearchKey.first("鞋度")).as("店 U+5E97, 度 U+5EA6").isGreaterThan(SearchKey.last("鞋店"));
    }

    @Test
    void gramsOfTheBasicPlaneHaveCodesOfTheirOwn() {
        List<String> grams = List.of("鞋店", "店鞋", "ab", "a1", "老王", "王老", "ｱｲ");
        assertThat(grams.stream().map(SearchKey::code).distinct()).hasSameSizeAs(grams);
        assertThat(grams).allSatisfy(gram -> assertThat(SearchKey.of(gram, SearchKey.LEADS - 1)).isPositive());
    }

    @Test
    void aCharacterBeyondTheBasicPlaneTakesASurrogatesCode() {
        // 𠮷 (U+20BB7) in a name: a code in the surrogate block, which no folded character of the basic plane has
        long code = SearchKey.code("𠮷野");
        assertThat(code >>> 16).isBetween(0xD800L, 0xDFFFL);
        assertThat(SearchKey.lead(SearchKey.of("𠮷野", 42))).isEqualTo(42);
    }

    @Test
    void aLeadBeyondTheIndexOrAGramOfAnotherLengthIsRefused() {
        assertThatThrownBy(() -> SearchKey.of("鞋店", SearchKey.LEADS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lead id");
        assertThatThrownBy(() -> SearchKey.of("鞋", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two code points");
    }
}
