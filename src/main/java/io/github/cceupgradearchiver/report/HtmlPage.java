package io.github.cceupgradearchiver.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the HTML template shows, every value already formatted; the template escapes each one, except
 * {@code chart}, which is SVG that {@link DurationChart} escaped itself.
 */
record HtmlPage(String from, String to, String zone, String startUtc, String endUtc, String clusterScope,
                String generatedAtUtc, String generatedAtCst, String generator, boolean intact, String verdict,
                String headDigest, List<String> integrityChecks, RunCounts runs, List<CoverageLine> coverage, boolean gaps,
                List<SummaryLine> summaries, String chart, boolean hasChart, int upgradeCount, int failedCount,
                int stuckCount, String stuckAfter, List<UpgradeLine> problems, List<UpgradeLine> upgrades,
                List<UpgradeLine> unchecked, FontNote fontNote) {

    static HtmlPage of(Report report, String chart, FontNote fontNote) {
        ReportRequest request = report.request();
        List<CoverageLine> coverage = report.coverage().stream().map(CoverageLine::of).toList();
        return new HtmlPage(request.period().from().toString(), request.period().to().toString(),
                request.period().zoneName(), Display.utc(request.period().start()), Display.utc(request.period().end()),
                clusterScope(report), Display.utc(report.generatedAt()), Display.cst(report.generatedAt()),
                request.generator(), report.verification().intact(), report.verification().describe(),
                report.verification().headDigest(), report.verification().details(), report.runs(), coverage,
                coverage.stream().anyMatch(CoverageLine::gap),
                report.clusters().stream().map(SummaryLine::of).toList(), chart, !chart.isEmpty(),
                report.upgrades().size(), report.count(Upgrade.Problem.FAILED), report.count(Upgrade.Problem.STUCK),
                stuckAfter(report.stuckAfter()), report.problems().stream().map(UpgradeLine::of).toList(),
                report.upgrades().stream().map(UpgradeLine::of).toList(),
                report.upgrades().stream().filter(upgrade -> !upgrade.evidence().prechecked() || !upgrade.evidence().backedUp())
                        .map(UpgradeLine::of).toList(), fontNote);
    }

    int uncheckedCount() {
        return unchecked.size();
    }

    private static String stuckAfter(@Nullable Duration stuckAfter) {
        return stuckAfter == null ? "never (no row in upgrade_history.report_setting)" : Display.duration(stuckAfter);
    }

    private static String clusterScope(Report report) {
        int count = report.clusters().size();
        if (report.request().clusterIds().isEmpty()) {
            return "all " + count + (count == 1 ? " cluster" : " clusters") + " in the archive";
        }
        return count + (count == 1 ? " cluster" : " clusters") + " chosen with --cluster";
    }

    /**
     * What a PDF says about texts of the archive it cannot show for lack of a font; nothing in HTML, which leaves the
     * fonts to the browser.
     *
     * @param values the texts, their missing characters spelled as Unicode code points
     * @param fonts  the fonts the PDF has
     * @param advice what to install or configure
     */
    record FontNote(List<String> values, String fonts, String advice) {

        static final FontNote NONE = new FontNote(List.of(), "", "");

        boolean shown() {
            return !values.isEmpty();
        }

        int count() {
            return values.size();
        }
    }

    record CoverageLine(String name, String id, String accounts, int successfulFetches, int failedFetches,
                        String lastFailure, int gapDays, boolean gap) {

        static CoverageLine of(ClusterCoverage coverage) {
            return new CoverageLine(coverage.clusterName(), coverage.clusterId(), Display.text(coverage.accounts()),
                    coverage.successfulFetches(), coverage.failedFetches(), Display.text(coverage.lastFailure()),
                    coverage.daysWithoutSuccess(), coverage.daysWithoutSuccess() > 0);
        }
    }

    record SummaryLine(String name, String id, int upgrades, int succeeded, int failed, int stuck, String median,
                       String versionAtStart, String versionAtEnd, boolean trouble) {

        static SummaryLine of(ClusterSummary summary) {
            return new SummaryLine(summary.clusterName(), summary.clusterId(), summary.upgrades(), summary.succeeded(),
                    summary.failed(), summary.stuck(), Display.duration(summary.medianSeconds()),
                    Display.text(summary.versionAtStart()), Display.text(summary.versionAtEnd()),
                    summary.failed() + summary.stuck() > 0);
        }
    }

    record UpgradeLine(String taskId, String cluster, String clusterId, String from, String to, String phase,
                       String startedUtc, String startedCst, String completedUtc, String completedCst,
                       String duration, String problem, String howLong, String rowClass, boolean delisted,
                       String precheck, String snapshot) {

        static UpgradeLine of(Upgrade upgrade) {
            String problem = upgrade.problem() == null ? "" : upgrade.problem().name().toLowerCase(Locale.ROOT);
            return new UpgradeLine(upgrade.taskId(), upgrade.clusterName(), upgrade.clusterId(),
                    Display.text(upgrade.sourceVersion()), Display.text(upgrade.targetVersion()),
                    Display.text(upgrade.phase()), Display.utc(upgrade.createdAt()), Display.cst(upgrade.createdAt()),
                    Display.utc(upgrade.completedAt()), Display.cst(upgrade.completedAt()),
                    Display.duration(upgrade.durationSeconds()), problem, Display.duration(upgrade.howLongSeconds()),
                    problem.isEmpty() ? (upgrade.succeeded() ? "ok" : "other") : problem, !upgrade.listed(),
                    precheck(upgrade.evidence()), snapshot(upgrade.evidence()));
        }

        /** "yes: 1 warning, 0 risks, 1 skipped", "Failed", or "none". */
        static String precheck(UpgradeEvidence evidence) {
            if (evidence.precheckTaskId() == null) {
                return "none";
            }
            String counts = plural(evidence.warnings(), "warning") + ", " + plural(evidence.risks(), "risk") + ", "
                    + evidence.skipped() + " skipped";
            return (evidence.prechecked() ? "yes: " : Display.text(evidence.precheckPhase()) + ": ") + counts
                    + " (" + evidence.precheckLink() + ")";
        }

        static String snapshot(UpgradeEvidence evidence) {
            if (evidence.snapshotTaskId() == null) {
                return "none";
            }
            return (evidence.backedUp() ? "yes" : Display.text(evidence.snapshotPhase())) + " (" + evidence.snapshotLink() + ")";
        }

        private static String plural(int count, String noun) {
            return count + " " + noun + (count == 1 ? "" : "s");
        }
    }
}
