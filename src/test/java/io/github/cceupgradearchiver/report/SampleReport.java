package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.history.Verification;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** A report of one cluster and one upgrade, made without a database, for the tests of rendering alone. */
final class SampleReport {

    static final String CLUSTER_ID = "6f1c0d2e-7a3b-11ee-9a1c-0255ac100b05";

    private SampleReport() {
    }

    /** March 2024: one successful upgrade of a cluster with this name, from and to these versions, in this phase. */
    static Report of(String clusterName, String phase) {
        ReportPeriod march = new ReportPeriod(LocalDate.parse("2024-03-01"), LocalDate.parse("2024-03-31"), ZoneOffset.UTC);
        ReportRequest request = new ReportRequest(march, List.of(), ReportFormat.PDF, Path.of("report.pdf"),
                "cce-upgrade-archiver (test)");
        Instant started = Instant.parse("2024-03-05T02:00:00Z");
        Upgrade upgrade = new Upgrade("task-1", CLUSTER_ID, clusterName, "v1.28.3-r0", "v1.29.1-r0", phase, started,
                started.plus(Duration.ofMinutes(20)), BigDecimal.valueOf(1200), true, null, null);
        return new Report(request, Instant.parse("2024-04-01T00:00:00Z"), Duration.ofHours(6),
                new Verification(1, 1, 1, "0".repeat(64), 0, null, "one login",
                        "not checked (no archiver.integrity.public-key)", "not checked (no archiver.integrity.witness-dir)"),
                new RunCounts(31, 31, 0, 0),
                List.of(new ClusterCoverage(CLUSTER_ID, clusterName, 31, 0, null, 0, "default")),
                List.of(new ClusterSummary(CLUSTER_ID, clusterName, 1, 1, 0, 0, BigDecimal.valueOf(1200), "v1.28.3-r0",
                        "v1.29.1-r0")),
                List.of(upgrade));
    }
}
