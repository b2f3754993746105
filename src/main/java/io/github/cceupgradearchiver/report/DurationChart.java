package io.github.cceupgradearchiver.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The durations of the period's completed upgrades over time, as an inline SVG scatter plot: one mark per
 * upgrade at its start (x) and its duration in minutes (y); failures are red crosses. Every text taken from
 * the archive is escaped, so the SVG goes into the page as it is.
 */
final class DurationChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 32;
    private static final int TOP = 28;
    private static final int BOTTOM = 44;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    private static final int MAX_TICKS = 12;
    private static final int DAILY_TICKS_UP_TO_DAYS = 62;
    private static final String SUCCEEDED = "#2563eb";
    private static final String FAILED = "#dc2626";
    private static final String OTHER = "#94a3b8";

    private DurationChart() {
    }

    /** The chart, or an empty string when no upgrade of the period completed. */
    static String svg(List<Upgrade> upgrades, ReportPeriod period) {
        List<Upgrade> completed = upgrades.stream().filter(upgrade -> upgrade.durationSeconds() != null).toList();
        if (completed.isEmpty()) {
            return "";
        }
        double longest = Math.max(1, completed.stream().mapToDouble(DurationChart::minutes).max().orElse(0));
        double step = niceStep(longest / 4);
        double top = Math.ceil(longest / step) * step;
        StringBuilder svg = new StringBuilder(4096 + completed.size() * 200);
        svg.append(format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Upgrade durations over time\">\n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f8fafc\" stroke=\"#cbd5e1\"/>\n",
                LEFT, TOP, PLOT_WIDTH, PLOT_HEIGHT));
        yAxis(svg, step, top);
        xAxis(svg, period);
        legend(svg);
        for (Upgrade upgrade : completed) {
            mark(svg, upgrade, x(upgrade.createdAt(), period), y(minutes(upgrade), top));
        }
        return svg.append("</svg>").toString();
    }

    private static void yAxis(StringBuilder svg, double step, double top) {
        int lines = (int) Math.round(top / step);
        for (int i = 0; i <= lines; i++) {
            double y = y(i * step, top);
            svg.append(format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e2e8f0\"/>\n",
                    LEFT, y, LEFT + PLOT_WIDTH, y));
            svg.append(text(LEFT - 6, y + 4, "end", number(i * step)));
        }
        int middle = TOP + PLOT_HEIGHT / 2;
        svg.append(format("<text x=\"16\" y=\"%d\" font-size=\"12\" fill=\"#334155\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 16 %d)\">minutes</text>\n", middle, middle));
    }

    private static void xAxis(StringBuilder svg, ReportPeriod period) {
        boolean daily = days(period) <= DAILY_TICKS_UP_TO_DAYS;
        for (LocalDate tick : ticks(period)) {
            double x = x(tick.atStartOfDay(period.zone()).toInstant(), period);
            svg.append(format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#94a3b8\"/>\n",
                    x, TOP + PLOT_HEIGHT, x, TOP + PLOT_HEIGHT + 5));
            String label = daily ? tick.toString() : tick.toString().substring(0, 7);
            svg.append(text(x, TOP + PLOT_HEIGHT + 18, "middle", label));
        }
        svg.append(text(LEFT + PLOT_WIDTH / 2.0, HEIGHT - 6, "middle",
                "start of the upgrade (" + period.zoneName() + ")"));
    }

    private static void legend(StringBuilder svg) {
        int x = LEFT + PLOT_WIDTH - 250;
        svg.append(format("<circle cx=\"%d\" cy=\"14\" r=\"4\" fill=\"%s\"/>\n", x, SUCCEEDED));
        svg.append(text(x + 9, 18, "start", "succeeded"));
        svg.append(cross(x + 90, 14));
        svg.append(text(x + 99, 18, "start", "failed"));
        svg.append(format("<circle cx=\"%d\" cy=\"14\" r=\"4\" fill=\"%s\"/>\n", x + 160, OTHER));
        svg.append(text(x + 169, 18, "start", "other phase"));
    }

    private static void mark(StringBuilder svg, Upgrade upgrade, double x, double y) {
        String title = "<title>" + HtmlReport.escape(upgrade.clusterName() + ": " + Display.text(upgrade.sourceVersion())
                + " to " + Display.text(upgrade.targetVersion()) + ", " + Display.text(upgrade.phase()) + ", "
                + Display.duration(upgrade.durationSeconds()) + " (task " + upgrade.taskId() + ")") + "</title>";
        if (upgrade.problem() == Upgrade.Problem.FAILED) {
            svg.append("<g>").append(title).append(cross(x, y)).append("</g>\n");
        } else {
            svg.append(format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" fill-opacity=\"0.8\">%s</circle>\n",
                    x, y, upgrade.succeeded() ? SUCCEEDED : OTHER, title));
        }
    }

    private static String cross(double x, double y) {
        return format("<path d=\"M%.1f %.1fl8 8m0 -8l-8 8\" stroke=\"%s\" stroke-width=\"2.5\" fill=\"none\"/>",
                x - 4, y - 4, FAILED);
    }

    private static String text(double x, double y, String anchor, String content) {
        return format("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#334155\" text-anchor=\"%s\">%s</text>\n",
                x, y, anchor, HtmlReport.escape(content));
    }

    /**
     * Evenly spaced days, at most {@value #MAX_TICKS} + 1 of them since both ends of the period count, or first
     * days of months for periods over two months.
     */
    static List<LocalDate> ticks(ReportPeriod period) {
        LocalDate end = period.to().plusDays(1);
        List<LocalDate> ticks = new ArrayList<>();
        if (days(period) <= DAILY_TICKS_UP_TO_DAYS) {
            long step = Math.max(1, (days(period) + MAX_TICKS - 1) / MAX_TICKS);
            for (LocalDate day = period.from(); !day.isAfter(end); day = day.plusDays(step)) {
                ticks.add(day);
            }
            return ticks;
        }
        LocalDate first = period.from().withDayOfMonth(1);
        if (first.isBefore(period.from())) {
            first = first.plusMonths(1);
        }
        long months = ChronoUnit.MONTHS.between(first, end) + 1;
        long step = Math.max(1, (months + MAX_TICKS - 1) / MAX_TICKS);
        for (LocalDate month = first; !month.isAfter(end); month = month.plusMonths(step)) {
            ticks.add(month);
        }
        return ticks;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * power >= raw) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static long days(ReportPeriod period) {
        return ChronoUnit.DAYS.between(period.from(), period.to()) + 1;
    }

    private static double x(Instant instant, ReportPeriod period) {
        double span = Duration.between(period.start(), period.end()).toMillis();
        return LEFT + PLOT_WIDTH * Duration.between(period.start(), instant).toMillis() / span;
    }

    private static double y(double minutes, double top) {
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * minutes / top;
    }

    private static double minutes(Upgrade upgrade) {
        BigDecimal seconds = upgrade.durationSeconds();
        return seconds == null ? 0 : Math.max(0, seconds.doubleValue() / 60);
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Numbers with a decimal point whatever the JVM's locale, as SVG requires. */
    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
