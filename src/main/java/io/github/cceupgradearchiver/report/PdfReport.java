package io.github.cceupgradearchiver.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.slf4j.Slf4jLogger;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The HTML report laid out as a PDF by openhtmltopdf, its chart drawn by Batik. Besides the PDF standard
 * fonts it embeds Liberation Sans (which PDFBox ships) for the characters those fonts lack, such as arrows.
 */
final class PdfReport {

    private static final String FALLBACK_FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    static {
        // Its own default logs to the console past Spring's logging configuration.
        XRLog.setLoggerImpl(new Slf4jLogger());
    }

    private PdfReport() {
    }

    static byte[] render(String xhtml) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        PdfRendererBuilder builder = new PdfRendererBuilder()
                .useFastMode()
                .useSVGDrawer(new BatikSVGDrawer())
                .useFont(() -> PDDocument.class.getResourceAsStream(FALLBACK_FONT), "Liberation Sans")
                .withProducer("cce-upgrade-archiver")
                .withHtmlContent(xhtml, null)
                .toStream(pdf);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the PDF: " + e.getMessage(), e);
        }
        return pdf.toByteArray();
    }
}
