package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The HTML report as a browser shows it: headless Chromium renders it without a console message (its
 * Content-Security-Policy blocks any fetch or script, and Chromium reports each attempt), and takes a screenshot
 * to target/report-screenshots/ for people to look at. Skipped where Debian's chromium is not installed.
 */
class ReportInChromiumTest extends SeededArchive {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target/report-screenshots");

    @Autowired
    ReportWriter writer;

    @TempDir
    Path profile;

    @Test
    void rendersTheHtmlReportWithoutConsoleMessagesAndTakesAScreenshot() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM),
                "no /usr/bin/chromium (Debian: apt-get install chromium), so the HTML report is not rendered in a browser");
        // given
        Files.createDirectories(SCREENSHOTS);
        Path html = SCREENSHOTS.resolve("report.html").toAbsolutePath();
        Path png = SCREENSHOTS.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        writer.write(new ReportRequest(new ReportPeriod(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"),
                ZoneOffset.UTC), List.of(), ReportFormat.HTML, html, "cce-upgrade-archiver test"));

        // when
        Chromium screenshot = chromium("--screenshot=" + png, "--window-size=1280,2000", html.toUri().toString());
        Chromium dom = chromium("--dump-dom", html.toUri().toString());

        // then
        assertThat(screenshot.exitCode()).as(screenshot.stderr()).isZero();
        assertThat(screenshot.stderr().lines().filter(line -> line.contains(":CONSOLE"))).isEmpty();
        assertThat(Files.size(png)).isGreaterThan(20_000);
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.stdout()).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "<svg", "Archive intact")
                .doesNotContain("<script");
    }

    private record Chromium(int exitCode, String stdout, String stderr) {
    }

    private Chromium chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(profile, "chromium-")));
        command.addAll(List.of(arguments));
        Path stdout = Files.createTempFile(profile, "stdout-", ".txt");
        Path stderr = Files.createTempFile(profile, "stderr-", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(stderr));
        }
        return new Chromium(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
