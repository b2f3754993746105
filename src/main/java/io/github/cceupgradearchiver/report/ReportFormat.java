package io.github.cceupgradearchiver.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code report --format} writes. */
public enum ReportFormat {

    /** One self-contained page: inline CSS and SVG, nothing fetched, printable. */
    HTML,
    /** The same page as a PDF, for filing. */
    PDF,
    /** One row per upgrade, for spreadsheets. */
    CSV;

    /** The format named on the command line ({@code html}, {@code pdf} or {@code csv}, any case). */
    public static ReportFormat named(String name) {
        return Arrays.stream(values())
                .filter(format -> format.name().equalsIgnoreCase(name.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown format '" + name + "': use one of " + Arrays.stream(values())
                                .map(format -> format.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }
}
