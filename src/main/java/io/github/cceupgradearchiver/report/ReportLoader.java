package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.history.Verification;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads a report's content and verifies the archive in one repeatable-read snapshot, so the report shows
 * exactly the archive whose head digest it prints, even while an archive run writes.
 */
class ReportLoader {

    private final ReportQueries queries;
    private final ArchiveVerifier verifier;
    private final TransactionTemplate snapshot;
    private final Clock clock;

    ReportLoader(ReportQueries queries, ArchiveVerifier verifier, PlatformTransactionManager transactionManager,
                 Clock clock) {
        this.queries = queries;
        this.verifier = verifier;
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.clock = clock;
    }

    Report load(ReportRequest request) {
        return Objects.requireNonNull(snapshot.execute(status -> read(request)));
    }

    private Report read(ReportRequest request) {
        // First: verify reads the witness before the snapshot's first query (see ArchiveVerifier.verify)
        Verification verification = verifier.verify();
        queries.trustBuiltInsOnly();
        List<String> clusters = queries.clusters(request.clusterIds());
        request.clusterIds().stream().filter(id -> !clusters.contains(id)).findFirst().ifPresent(unknown -> {
            throw new InvalidConfigurationException("--cluster", "unknown cluster id '" + unknown
                    + "': the archive has never fetched it (upgrade_history.v_cluster lists the clusters it knows)");
        });
        Instant now = clock.instant();
        ReportPeriod period = request.period();
        return new Report(request, now, queries.stuckAfter(), verification, queries.runs(period),
                queries.coverage(clusters, period, now), queries.summaries(clusters, period),
                queries.upgrades(clusters, period));
    }
}
