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
import java.util.EnumMap;
import java.util.Map;
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

    /**
     * The report of {@code request} in every format, read once (in the caller's snapshot when one is active: the
     * evidence pack reads its revisions in the same one), for files that are not written one by one.
     */
    public RenderedReports renderAll(ReportRequest request) throws IOException {
        Map<ReportFormat, Renderer> renderers = new EnumMap<>(ReportFormat.class);
        for (ReportFormat format : ReportFormat.values()) {
            renderers.put(format, renderer(format));
        }
        Report report = loader.load(request);
        Map<ReportFormat, byte[]> content = new EnumMap<>(ReportFormat.class);
        for (Map.Entry<ReportFormat, Renderer> renderer : renderers.entrySet()) {
            content.put(renderer.getKey(), renderer.getValue().render(report));
        }
        return new RenderedReports(content, report.clusters().size(), report.upgrades().size(), report.verification());
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
