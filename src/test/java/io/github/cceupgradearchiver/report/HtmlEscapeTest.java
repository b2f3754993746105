package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the report's page does with texts of the archive: HTML escaped, and always well-formed XML. */
class HtmlEscapeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            markup                    | <script>alert(1)</script> & co   | &lt;script&gt;alert(1)&lt;/script&gt; &amp; co
            quotes                    | it's "quoted"                    | it&#39;s &quot;quoted&quot;
            Chinese                   | 生产集群-支付                      | 生产集群-支付
            an emoji                  | prod 🚀                          | prod 🚀
            an escape sequence        | evil\\u001b[31mred               | evil\uFFFD[31mred
            a NUL and a bell          | a\\u0000b\\u0007c                | a\uFFFDb\uFFFDc
            tabs are kept             | a\\u0009b                        | a\u0009b
            a lone surrogate          | x\\ud800y                        | x\uFFFDy
            """)
    void escapesMarkupAndReplacesWhatXmlForbids(String what, String text, String expected) {
        // given
        String raw = unescape(text);

        // when
        String escaped = HtmlReport.escape(raw);

        // then
        assertThat(escaped).isEqualTo(expected);
    }

    // The table spells control characters as \\uXXXX, which the CSV source keeps as text.
    private static String unescape(String text) {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i)) {
                raw.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                raw.append(text.charAt(i));
            }
        }
        return raw.toString();
    }
}
