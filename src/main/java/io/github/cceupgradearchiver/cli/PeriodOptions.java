package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.report.ReportPeriod;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The period and clusters that {@code report} and {@code export} cover: the same options, read the same way. */
final class PeriodOptions {

    @Option(names = "--from", required = true, paramLabel = "DATE", converter = ReportCommand.DateConverter.class,
            description = "first day of the period, YYYY-MM-DD, included")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", converter = ReportCommand.DateConverter.class,
            description = "last day of the period, YYYY-MM-DD, included")
    LocalDate to;

    @Option(names = "--cluster", paramLabel = "ID",
            description = "a cluster id to cover; repeat for more (default: every cluster in the archive)")
    List<String> clusters = new ArrayList<>();

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC", converter = ReportCommand.ZoneConverter.class,
            description = "the time zone whose days --from and --to are, such as Asia/Shanghai or +08:00"
                    + " (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    /** The period; a --from after --to is bad usage, named before Spring starts. */
    ReportPeriod period(CommandLine.Model.CommandSpec spec) {
        if (from.isAfter(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
        }
        return new ReportPeriod(from, to, zone);
    }
}
