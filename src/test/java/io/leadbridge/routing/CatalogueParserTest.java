package io.leadbridge.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Catalogue loading refuses a bad catalogue with every problem, each by file, line and column. */
class CatalogueParserTest {

    private final CatalogueParser parser = new CatalogueParser(Set.of("AMR", "CULTURE"));
    private static final String HEADER = "keyword,aliases,industry_code,industry_name,permit_name,dept_code,priority,hazard,note\n";

    @Test
    void everyProblemIsListedAtOnce() {
        String csv = HEADER
                + "网吧,網咖|黑网吧,INTERNET_CAFE,网吧,许可证,CULTURE,10,MAJOR,\n"
                + "歌厅,网咖,ENTERTAINMENT,歌厅,许可证,NOWHERE,ten,SEVERE,\n"
                + "服装,,GEN_CLOTHING,服装,许可证,,0,,\n";
        assertThatThrownBy(() -> parser.parse("k.csv", csv.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CatalogueRejectedException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.line() + ":" + p.column())
                        .containsExactlyInAnyOrder("3:dept_code", "3:priority", "3:hazard", "4:dept_code"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            unknown dept_code               ; 歌厅,,ENTERTAINMENT,歌厅,许可证,NOWHERE,10,,          ; dept_code     ; unknown department
            permit_name without dept_code   ; 歌厅,,ENTERTAINMENT,歌厅,许可证,,10,,                 ; dept_code     ; both set or both empty
            dept_code without permit_name   ; 歌厅,,ENTERTAINMENT,歌厅,,CULTURE,10,,                ; permit_name   ; both set or both empty
            a term twice in one entry       ; 歌厅,卡拉OK|歌廳,ENTERTAINMENT,歌厅,许可证,CULTURE,10,, ; aliases       ; in this entry
            a term twice in two entries     ; 网吧,,GEN_X,x,,,0,,                                   ; keyword       ; first on line 2
            priority not an integer         ; 歌厅,,ENTERTAINMENT,歌厅,许可证,CULTURE,high,,        ; priority      ; not an integer
            hazard neither MAJOR nor empty  ; 歌厅,,ENTERTAINMENT,歌厅,许可证,CULTURE,10,major,     ; hazard        ; neither MAJOR nor empty
            """)
    void eachKindOfRefusalNamesItsLineAndColumn(String kind, String row, String column, String message) {
        String csv = HEADER + "网吧,網咖,INTERNET_CAFE,网吧,许可证,CULTURE,10,MAJOR,\n" + row + "\n";
        assertThatThrownBy(() -> parser.parse("k.csv", csv.getBytes(StandardCharsets.UTF_8)))
                .as(kind)
                .isInstanceOfSatisfying(CatalogueRejectedException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    CatalogueProblem problem = e.problems().get(0);
                    assertThat(problem.file()).isEqualTo("k.csv");
                    assertThat(problem.line()).isEqualTo(3);
                    assertThat(problem.column()).isEqualTo(column);
                    assertThat(problem.message()).contains(message);
                });
    }

    @Test
    void aMissingColumnIsNamed() {
        String csv = "keyword,aliases,industry_code,industry_name,permit_name,priority,hazard,note\n网吧,,X,x,,0,,\n";
        assertThatThrownBy(() -> parser.parse("k.csv", csv.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CatalogueRejectedException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(1);
                    assertThat(e.problems().get(0).column()).isEqualTo("dept_code");
                });
    }

    @Test
    void aTermTwiceAfterNormalisationIsRefused() {
        String csv = HEADER
                + "网吧,,INTERNET_CAFE,网吧,许可证,CULTURE,10,,\n"
                + "網吧,,GEN_X,x,,,0,,\n";
        assertThatThrownBy(() -> parser.parse("k.csv", csv.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(CatalogueRejectedException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(3);
                    assertThat(e.problems().get(0).message()).contains("first on line 2");
                });
    }

    @Test
    void excelsBomAndFullWidthTermsAreRead() {
        String csv = "\uFEFF" + HEADER + "ＫＴＶ,卡拉ＯＫ,ENTERTAINMENT,歌厅,许可证,CULTURE,10,MAJOR,\n";
        Catalogue catalogue = parser.parse("k.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(catalogue.termCount()).isEqualTo(2);
        assertThat(catalogue.find("唱ktv和卡拉ok")).extracting(f -> f.term().text()).containsExactly("ktv", "卡拉ok");
    }
}
