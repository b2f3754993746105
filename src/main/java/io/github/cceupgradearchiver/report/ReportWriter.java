package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.history.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Writes a report: reads it in one snapshot with the archive's verification, renders it in the requested
 * format, and puts the file in place atomically, so that the path never holds half a report.
 */
public class ReportWriter {

    /** Renders a report in one format. */
    @FunctionalInterface
    interface Renderer {
        byte[] render(Report report) throws IOException;
    }

    private final ReportLoader loader;
    private final ReportQueries queries;
    private final HtmlReport html;
    private final PdfReport pdf;

    ReportWriter(ReportLoader loader, ReportQueries queries, HtmlReport html, PdfReport pdf) {
        this.loader = loader;
        this.queries = queries;
        this.html = html;
        this.pdf = pdf;
    }

    /** The day, in {@code zone}, of the oldest archived upgrade; empty while the archive is empty. */
    public Optional<LocalDate> firstArchivedDay(ZoneId zone) {
        return queries.firstArchivedDay(zone);
    }

    public WrittenReport write(ReportRequest request) throws IOException {
        Renderer renderer = renderer(request.format());
        Report report = loader.load(request);
        byte[] content = renderer.render(report);
        Path output = request.output().toAbsolutePath();
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial");
        try {
            Files.write(partial, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return new WrittenReport(output, Sha256.hex(content), report.clusters().size(), report.upgrades().size(),
                report.count(Upgrade.Problem.FAILED), report.count(Upgrade.Problem.STUCK), report.verification());
    }

    private Renderer renderer(ReportFormat format) {
        return switch (format) {
            case HTML -> report -> html.render(report).getBytes(StandardCharsets.UTF_8);
            // its fonts are chosen now: a wrong archiver.report.font fails before anything is read
            case PDF -> pdf.withFonts();
            case CSV -> CsvReport::render;
        };
    }
}
