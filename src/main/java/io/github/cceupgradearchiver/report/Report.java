package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.history.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Everything a report states, read in one snapshot of the archive together with its verification.
 *
 * @param stuckAfter how long an upgrade may run before it is stuck; null when report_setting has no row
 */
record Report(ReportRequest request, Instant generatedAt, @Nullable Duration stuckAfter, Verification verification,
              RunCounts runs, List<ClusterCoverage> coverage, List<ClusterSummary> clusters, List<Upgrade> upgrades) {

    List<Upgrade> problems() {
        return upgrades.stream().filter(upgrade -> upgrade.problem() != null).toList();
    }

    int count(Upgrade.Problem problem) {
        return (int) upgrades.stream().filter(upgrade -> upgrade.problem() == problem).count();
    }

    /** Every text from the archive that the report shows (names, ids, versions, phases, failures, the verdict). */
    List<String> texts() {
        return Stream.of(
                        coverage.stream().flatMap(c -> Stream.of(c.clusterName(), c.clusterId(), c.lastFailure(), c.accounts())),
                        clusters.stream().flatMap(c -> Stream.of(c.clusterName(), c.clusterId(), c.versionAtStart(),
                                c.versionAtEnd())),
                        upgrades.stream().flatMap(u -> Stream.of(u.taskId(), u.clusterName(), u.clusterId(),
                                u.sourceVersion(), u.targetVersion(), u.phase())),
                        Stream.of(verification.describe()))
                .flatMap(Function.identity())
                .filter(Objects::nonNull)
                .toList();
    }
}
