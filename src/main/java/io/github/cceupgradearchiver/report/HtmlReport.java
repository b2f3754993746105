package io.github.cceupgradearchiver.report;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The report as one self-contained XHTML page: inline CSS and SVG, nothing to fetch, printable, and well-formed
 * XML so that the PDF is made from the very same page. Mustache escapes every value it inserts.
 */
final class HtmlReport {

    private static final String TEMPLATE = "report.html.mustache";

    private final Template template;

    HtmlReport() {
        try (InputStream in = Objects.requireNonNull(HtmlReport.class.getResourceAsStream(TEMPLATE), TEMPLATE);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            this.template = Mustache.compiler().withEscaper(HtmlReport::escape).compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * HTML escaping, and U+FFFD in place of the characters XML forbids (control characters the API may send in a
     * name): the page stays well-formed XML, which the PDF renderer requires.
     */
    static String escape(String text) {
        String escaped = Escapers.HTML.escape(text);
        if (escaped.codePoints().allMatch(HtmlReport::allowedInXml)) {
            return escaped;
        }
        StringBuilder allowed = new StringBuilder(escaped.length());
        escaped.codePoints().forEach(c -> allowed.appendCodePoint(allowedInXml(c) ? c : 0xFFFD));
        return allowed.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || c >= 0x10000;
    }

    String render(Report report) {
        return render(report, HtmlPage.FontNote.NONE);
    }

    String render(Report report, HtmlPage.FontNote fontNote) {
        return template.execute(HtmlPage.of(report, DurationChart.svg(report.upgrades(), report.request().period()),
                fontNote));
    }
}
