package io.github.cceupgradearchiver.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FSFontUseCase;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.slf4j.Slf4jLogger;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import io.github.cceupgradearchiver.report.GlyphCoverage.Unshowable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTML report laid out as a PDF by openhtmltopdf, its chart drawn by Batik. Besides the PDF standard fonts it
 * embeds, as subsets, Liberation Sans (which PDFBox ships) and a CJK font ({@link PdfFonts}) for the characters those
 * lack, Chinese names above all. Texts of the archive that no font can show are named in the PDF and in the log.
 */
final class PdfReport {

    private static final Logger log = LoggerFactory.getLogger("archiver");
    private static final String LIBERATION_SANS = "Liberation Sans";
    private static final int NAMED_IN_LOG = 20;
    private static final int SKIPPED_NAMED = 3;

    static {
        // Its own default logs to the console past Spring's logging configuration.
        XRLog.setLoggerImpl(new Slf4jLogger());
    }

    private final PdfFonts fonts;
    private final HtmlReport html;

    PdfReport(PdfFonts fonts, HtmlReport html) {
        this.fonts = fonts;
        this.html = html;
    }

    /** Chooses the fonts now, so that a wrong {@code archiver.report.font} fails before the archive is read. */
    ReportWriter.Renderer withFonts() {
        FontChoice choice = fonts.choose();
        return report -> render(report, choice);
    }

    byte[] render(Report report, FontChoice choice) throws IOException {
        List<Unshowable> unshowable = GlyphCoverage.unshowable(report.texts(), choice);
        String fontNames = describe(choice);
        if (!unshowable.isEmpty()) {
            log.warn("report: the PDF cannot show {} {} of the archive, printed with # instead ({}): {}; to print them, {}",
                    unshowable.size(), unshowable.size() == 1 ? "text" : "texts", fontNames, named(unshowable), PdfFonts.INSTALL);
        } else if (choice instanceof FontChoice.Chosen chosen) {
            log.info("report: the PDF embeds {} ({}{}) for the characters beyond Latin", chosen.family(), chosen.file(),
                    chosen.configured() ? ", " + PdfFonts.KEY : ", found on this machine");
        } else {
            log.info("report: no CJK TrueType font on this machine ({}): Chinese names would print as #; {}", fontNames,
                    PdfFonts.INSTALL);
        }
        HtmlPage.FontNote note = unshowable.isEmpty() ? HtmlPage.FontNote.NONE : new HtmlPage.FontNote(
                unshowable.stream().map(Unshowable::codePoints).toList(), fontNames, PdfFonts.INSTALL);
        return layOut(html.render(report, note), choice);
    }

    private static byte[] layOut(String xhtml, FontChoice choice) throws IOException {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        PdfRendererBuilder builder = new PdfRendererBuilder()
                .useFastMode()
                .useSVGDrawer(new BatikSVGDrawer())
                // the family the page's CSS names, and a fallback for every other family (the monospace ones)
                .useFont(PdfReport::liberationSans, LIBERATION_SANS)
                .useFont(PdfReport::liberationSans, LIBERATION_SANS, 400, FontStyle.NORMAL, true,
                        EnumSet.of(FSFontUseCase.FALLBACK_FINAL))
                .withProducer("cce-upgrade-archiver")
                .withHtmlContent(xhtml, null)
                .toStream(pdf);
        if (choice instanceof FontChoice.Chosen chosen) {
            // a file, not a stream: openhtmltopdf reads a collection only from a file named *.ttc
            builder.useFont(chosen.file().toFile(), chosen.family(), 400, FontStyle.NORMAL, true,
                    EnumSet.of(FSFontUseCase.FALLBACK_FINAL));
        }
        builder.run();
        return pdf.toByteArray();
    }

    private static InputStream liberationSans() {
        return PDDocument.class.getResourceAsStream(GlyphCoverage.LIBERATION_SANS);
    }

    private static String describe(FontChoice choice) {
        if (choice instanceof FontChoice.Chosen chosen) {
            return LIBERATION_SANS + " and " + chosen.family() + " (" + chosen.file() + ")";
        }
        FontChoice.NoneFound none = (FontChoice.NoneFound) choice;
        List<String> searched = none.searched().stream().map(String::valueOf).toList();
        String skipped = none.skipped().isEmpty() ? "" : "; skipped " + String.join("; ", none.skipped().subList(0,
                Math.min(SKIPPED_NAMED, none.skipped().size()))) + (none.skipped().size() > SKIPPED_NAMED ? "; ..." : "");
        return LIBERATION_SANS + " only: no CJK TrueType font in "
                + (searched.isEmpty() ? "any font directory" : String.join(", ", searched)) + skipped;
    }

    /** The texts as they are, but for control characters, which never go to a log raw. */
    private static String named(List<Unshowable> unshowable) {
        String named = unshowable.stream().limit(NAMED_IN_LOG)
                .map(text -> text.text().codePoints()
                        .mapToObj(c -> Character.isISOControl(c) ? String.format(Locale.ROOT, "<U+%04X>", c) : Character.toString(c))
                        .collect(Collectors.joining()))
                .collect(Collectors.joining(", "));
        int more = unshowable.size() - NAMED_IN_LOG;
        return more > 0 ? named + " and " + more + " more" : named;
    }
}
