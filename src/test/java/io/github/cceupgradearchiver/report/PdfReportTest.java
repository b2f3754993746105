package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A PDF report prints Chinese names as their characters, with a CJK font found on the machine embedded as a subset;
 * without one it still renders, and says in the PDF and in the log which texts it cannot show and what to install.
 * The PDF's text is read back by {@code pdftotext} (poppler-utils), as a reader's tools would.
 */
@ExtendWith(OutputCaptureExtension.class)
class PdfReportTest {

    static final String NAME = "生产集群-支付";
    static final String SPELLED = "<U+751F><U+4EA7><U+96C6><U+7FA4>-<U+652F><U+4ED8>";

    @TempDir
    Path dir;

    @Test
    void aChineseClusterNameAppearsAsItsCharactersWithTheMachinesCjkFontEmbeddedAsASubset(CapturedOutput log)
            throws Exception {
        // given
        PdfFonts fonts = new PdfFonts(null, PdfFonts.SYSTEM_DIRECTORIES);
        FontChoice choice = fonts.choose();

        // when
        Path pdf = Files.write(dir.resolve("report.pdf"), pdf(fonts).render(SampleReport.of(NAME, "升级成功"), choice));

        // then
        assertThat(Tools.pdfText(pdf)).contains(NAME, "升级成功").doesNotContain("Characters this PDF cannot show", "#");
        assertThat(log.getOut()).contains("report: the PDF embeds ").doesNotContain("report: the PDF cannot show");
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            List<String> embedded = new ArrayList<>();
            for (PDPage page : document.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    if (font instanceof PDType0Font type0 && font.isEmbedded()) {
                        embedded.add(type0.getName() + " " + type0.getDescendantFont().getFontDescriptor()
                                .getFontFile2().getLength());
                    }
                }
            }
            // a subset: its name is tagged ABCDEF+, and it holds a few glyphs, not the 5 MB of the font
            assertThat(embedded).anySatisfy(font -> {
                assertThat(font).matches("[A-Z]{6}\\+\\S+ \\d+");
                assertThat(Long.parseLong(font.split(" ")[1])).isLessThan(200_000);
            }).anySatisfy(font -> assertThat(font).matches("[A-Z]{6}\\+" + ((FontChoice.Chosen) choice).family()
                    .replace(" ", "") + " \\d+"));
        }
    }

    @Test
    void withoutACjkFontThePdfStillRendersAndNamesWhatItCannotShowAndWhatToInstall(CapturedOutput log) throws Exception {
        // given
        PdfFonts fonts = new PdfFonts(null, List.of(dir));
        FontChoice choice = fonts.choose();

        // when
        Path pdf = Files.write(dir.resolve("report.pdf"), pdf(fonts).render(SampleReport.of(NAME, "Success"), choice));

        // then
        assertThat(choice).isEqualTo(new FontChoice.NoneFound(List.of(dir), List.of()));
        String text = Tools.pdfText(pdf);
        assertThat(text.replaceAll("\\s+", " ")).contains("Characters this PDF cannot show", SPELLED,
                "apt-get install fonts-wqy-microhei", "archiver.report.font", "The HTML and CSV formats of this report show every character",
                "Upgrade report 2024-03-01 to 2024-03-31", "task-1");
        assertThat(text).doesNotContain(NAME);
        assertThat(log.getOut()).contains("WARN", "report: the PDF cannot show 1 text of the archive, printed with # instead",
                NAME, "apt-get install fonts-wqy-microhei");
    }

    @Test
    void aControlCharacterInANameStillGivesAPdfAndNeverReachesTheLogRaw(CapturedOutput log) throws Exception {
        // given
        PdfFonts fonts = new PdfFonts(null, PdfFonts.SYSTEM_DIRECTORIES);

        // when
        Path pdf = Files.write(dir.resolve("report.pdf"),
                pdf(fonts).render(SampleReport.of("evil\u001b[31mred", "Success"), fonts.choose()));

        // then
        assertThat(Tools.pdfText(pdf)).contains("evil\uFFFD[31mred", "evil<U+001B>[31mred");
        assertThat(log.getOut()).contains("report: the PDF cannot show 1 text", "evil<U+001B>[31mred")
                .doesNotContain("\u001b");
    }

    private static PdfReport pdf(PdfFonts fonts) {
        return new PdfReport(fonts, new HtmlReport());
    }
}
