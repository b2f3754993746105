package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.report.GlyphCoverage.Unshowable;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which texts a PDF cannot draw, with Liberation Sans alone and with WenQuanYi Micro Hei beside it. */
class GlyphCoverageTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Latin, digits, punctuation   | prod-payments v1.29.1-r0 (#3) & <x>  | false | false | ''
            Latin accents and Cyrillic   | Zürich Ärger Москва                  | false | false | ''
            Chinese                      | 生产集群-支付                          | true  | false | <U+751F><U+4EA7><U+96C6><U+7FA4>-<U+652F><U+4ED8>
            Japanese kana and Korean     | テスト 클러스터                         | true  | false | <U+30C6><U+30B9><U+30C8> <U+D074><U+B7EC><U+C2A4><U+D130>
            an emoji                     | prod 🚀                               | true  | true  | prod <U+1F680>
            a control character          | bell\\u0007ring                     | true  | true  | bell<U+0007>ring
            """)
    void namesTheTextsNoFontCanDrawSpellingTheMissingCharacters(String what, String text, boolean unshowableAlone,
                                                               boolean unshowableWithCjk, String spelled) throws Exception {
        // given
        String input = text.replace("\\u0007", "\u0007");
        FontChoice alone = new FontChoice.NoneFound(List.of(), List.of());
        FontChoice withCjk = new FontChoice.Chosen(TestFonts.wqyMicroHei(), "WenQuanYi Micro Hei", false);

        // when
        List<Unshowable> withoutCjkFont = GlyphCoverage.unshowable(List.of(input, input), alone);
        List<Unshowable> withCjkFont = GlyphCoverage.unshowable(List.of(input), withCjk);

        // then
        assertThat(withoutCjkFont).as("Liberation Sans alone")
                .isEqualTo(unshowableAlone ? List.of(new Unshowable(input, spelled)) : List.of());
        assertThat(withCjkFont).as("with WenQuanYi Micro Hei")
                .isEqualTo(unshowableWithCjk ? List.of(new Unshowable(input, spelled)) : List.of());
    }
}
