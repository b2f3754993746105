package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.Tools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --format pdf} of the packaged jar over a cluster named in Chinese, as a user in China would run it:
 * the name is in the PDF's text (pdftotext) with the machine's CJK font; a font that cannot be used is a
 * configuration error naming {@code archiver.report.font}; a font without Chinese still gives a PDF that says what
 * it cannot show.
 */
class PdfReportIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String NAME = "生产集群-支付";

    @TempDir
    static Path dir;

    static Path config;

    @BeforeAll
    static void archiveAClusterNamedInChinese() throws Exception {
        ArchiveDatabase.reset();
        try (CceApiSimulator api = CceApiSimulator.start(ScriptedFleet.builder()
                        .cluster(PROJECT, "c-pay", NAME, SimulatedResponse.ok(Fixtures.exampleUpgradeTasks())).build(),
                new SimulatorOptions(0, Map.of("P-AK", "P-SK"), Duration.ZERO, FaultOptions.none()))) {
            // a file, as operators configure names: UTF-8 whatever the locale of the command line
            config = Files.writeString(dir.resolve("application.yml"), """
                    archiver:
                      api:
                        endpoint: %s
                      clusters:
                        - {project-id: %s, region: cn-north-4, cluster-id: c-pay, name: %s}
                    """.formatted(api.endpoint(), PROJECT, NAME));
            Result archive = ArchiverProcess.command("archive", "--spring.config.additional-location=" + config)
                    .env("CLOUD_SDK_AK", "P-AK").env("CLOUD_SDK_SK", "P-SK").run();
            assertThat(archive.exitCode()).as(archive.output()).isZero();
        }
    }

    @Test
    void aClusterNamedInChineseAppearsAsThoseCharactersInThePdfReport() throws Exception {
        // given
        Path pdf = dir.resolve("2023.pdf");

        // when
        Result result = report(pdf);

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("report: the PDF embeds ").doesNotContain("cannot show");
        assertThat(Tools.pdfText(pdf)).contains(NAME, "2 upgrades").doesNotContain("Characters this PDF cannot show");
    }

    @Test
    void aFontThatCannotBeUsedIsAConfigurationErrorNamingTheKeyAndWritesNothing() throws Exception {
        // given
        Path pdf = dir.resolve("unwritten.pdf");
        Path notAFont = Files.writeString(dir.resolve("notes.ttf"), "not a font");

        // when
        Result missing = report(pdf, "--archiver.report.font=" + dir.resolve("missing.ttc"));
        Result text = report(pdf, "--archiver.report.font=" + notAFont);

        // then
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
        assertThat(missing.output()).contains("report: configuration error: archiver.report.font: " + dir.resolve("missing.ttc")
                + " does not exist");
        assertThat(text.exitCode()).as(text.output()).isEqualTo(2);
        assertThat(text.output()).contains("archiver.report.font: " + notAFont + " is not a TrueType font");
        assertThat(pdf).doesNotExist();
    }

    @Test
    void aConfiguredFontWithoutChineseGivesAPdfThatSaysWhatItCannotShowAndWhatToInstall() throws Exception {
        // given
        Path latinOnly = dir.resolve("LiberationSans-Regular.ttf");
        try (InputStream font = PDDocument.class.getResourceAsStream("/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
            Files.copy(font, latinOnly);
        }
        Path pdf = dir.resolve("latin-only.pdf");

        // when
        Result result = report(pdf, "--archiver.report.font=" + latinOnly);

        // then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("WARN  report: the PDF cannot show 1 text of the archive, printed with # instead",
                "apt-get install fonts-wqy-microhei");
        assertThat(Tools.pdfText(pdf).replaceAll("\\s+", " ")).contains("Characters this PDF cannot show",
                "<U+751F><U+4EA7><U+96C6><U+7FA4>-<U+652F><U+4ED8>", "apt-get install fonts-wqy-microhei");
    }

    private static Result report(Path pdf, String... more) throws Exception {
        return ArchiverProcess.command("report", "--from", "2023-01-01", "--to", "2023-12-31", "--format", "pdf",
                "--output", pdf.toString(), "--spring.config.additional-location=" + config).args(more).run();
    }
}
