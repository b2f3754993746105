package io.github.cceupgradearchiver.report;

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
            this.template = Mustache.compiler().escapeHTML(true).compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(Report report) {
        return template.execute(HtmlPage.of(report, DurationChart.svg(report.upgrades(), report.request().period())));
    }
}
