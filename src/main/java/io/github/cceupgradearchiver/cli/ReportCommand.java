package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.report.ReportFormat;
import io.github.cceupgradearchiver.report.ReportPeriod;
import io.github.cceupgradearchiver.report.ReportRequest;
import io.github.cceupgradearchiver.report.ReportWriter;
import io.github.cceupgradearchiver.report.WrittenReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes an upgrade-history report for auditors: its scope, the archive's coverage",
                "in the period (runs, failed fetches, days without a successful fetch), the",
                "integrity verdict and head digest of verify, a summary and a chart of durations",
                "per cluster, every upgrade that started in the period (times in UTC and China",
                "Standard Time), and the failed and stuck ones called out. Prints the report's",
                "SHA-256 and the head digest, for the auditor to record outside the database."},
        footer = {"", "Example: report --from 2024-01-01 --to 2024-03-31 --zone Asia/Shanghai \\",
                "                --format pdf --output q1-2024.pdf",
                "", "Exit codes: 0 written, 2 bad usage (the message names the option), 5 written,",
                "but the archive was altered (the report says so), 1 failed."})
final class ReportCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SpringOptions spring = new SpringOptions();

    @CommandLine.Mixin
    PeriodOptions covered = new PeriodOptions();

    @Option(names = "--format", required = true, paramLabel = "html|pdf|csv", converter = FormatConverter.class,
            description = "html (one self-contained page), pdf (the same page), or csv (one row per upgrade)")
    ReportFormat format;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "the file to write (replaced if it exists)")
    Path output;

    @Override
    public Integer call() {
        List<String> springArgs = spring.arguments();
        ReportPeriod period = covered.period(spec);
        Path file = output.toAbsolutePath();
        requireWritable(spec, "--output", file);
        ReportRequest request = new ReportRequest(period, covered.clusters, format, file,
                Cli.version());
        return SpringCommand.runAndPublishVerdict("report", ReadingCommands.Report.class, springArgs, context -> {
            WrittenReport report = context.getBean(ReportWriter.class).write(request);
            log.info("report: {} written ({}, {} to {} in {}: {} upgrades of {} clusters, {} failed, {} stuck)",
                    report.output(), format.name().toLowerCase(Locale.ROOT), period.from(), period.to(), period.zoneName(),
                    report.upgrades(), report.clusters(), report.failed(), report.stuck());
            log.info("report: sha256 {}", report.sha256());
            report.verification().details().forEach(line -> log.info("report: {}", line));
            if (report.verification().intact()) {
                log.info("report: head digest {} (archive intact)", report.verification().headDigest());
                return ExitCodes.OK;
            }
            log.error("report: head digest {} ({})", report.verification().headDigest(),
                    report.verification().describe());
            return ExitCodes.ALTERED;
        });
    }

    /** Fails now, before Spring starts, when no file can be created there; leaves nothing behind. */
    static void requireWritable(CommandLine.Model.CommandSpec spec, String option, Path file) {
        Path directory = file.getParent();
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + " is a directory, not a file");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + " cannot be written: the directory "
                    + directory + " does not exist");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file
                    + " cannot be written: it is read-only");
        }
        try {
            Files.delete(Files.createTempFile(directory, ".report-", ".probe"));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + " " + file + " cannot be written: "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                // The cause says what is impossible about a well-formed date: "Invalid date 'FEBRUARY 30'".
                throw new TypeConversionException("'" + value + "' is not a date: "
                        + (e.getCause() == null ? "expected YYYY-MM-DD" : e.getCause().getMessage()));
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return ReportFormat.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ZoneConverter implements ITypeConverter<ZoneId> {
        @Override
        public ZoneId convert(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value
                        + "' is not a time zone: use a region such as Asia/Shanghai, UTC or an offset such as +08:00");
            }
        }
    }
}
