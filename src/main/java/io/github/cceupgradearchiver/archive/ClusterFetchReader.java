package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiResult;
import io.github.cceupgradearchiver.cce.CceApi;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.EvidenceKind;
import io.github.cceupgradearchiver.cce.StopSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads a partition's clusters, one item each: a cluster's whole task list (the API does not paginate) and then each
 * kind of its upgrade evidence ({@link EvidenceKind}); a cluster whose task list cannot be fetched is not asked for
 * its evidence. A failed
 * call is an item too, so that the failure is recorded rather than failing the step. A body identical to the one the
 * cluster's tasks were last archived from is recognised here, where the I/O is, and passed on as {@code Unchanged}
 * (the last responses of the partition's clusters are read once, when it opens).
 * <p>
 * When the process is stopping, the partition ends STOPPED without taking another cluster, and without recording a
 * failure that only the stop caused: the next run fetches that cluster.
 */
class ClusterFetchReader implements ItemStreamReader<ClusterFetch> {

    /** The partition's cluster ids, in the step's execution context (see {@link ClusterPartitioner}). */
    static final String CLUSTER_IDS = "clusterFetchReader.clusterIds";

    private final CceApi api;
    private final StepExecution stepExecution;
    private final ArchivePlan plan;
    private final ArchivedResponses responses;
    private final StopSignal stop;
    private List<String> clusterIds = List.of();
    private ArchivedResponses.Last last = new ArchivedResponses.Last(Map.of(), Map.of());
    private int next;

    ClusterFetchReader(CceApi api, StepExecution stepExecution, ArchivePlan plan, ArchivedResponses responses,
                       StopSignal stop) {
        this.api = api;
        this.stepExecution = stepExecution;
        this.plan = plan;
        this.responses = responses;
        this.stop = stop;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open(ExecutionContext executionContext) {
        clusterIds = List.copyOf((List<String>) executionContext.get(CLUSTER_IDS));
        // Once for the partition, outside any chunk: reading a cluster then touches no database, so a chunk's
        // transaction begins with its writes instead of idling through the cluster's API calls.
        last = responses.last(clusterIds);
        next = 0;
    }

    @Override
    public @Nullable ClusterFetch read() {
        if (next >= clusterIds.size() || stopping()) {
            return null;
        }
        ClusterRef cluster = plan.cluster(clusterIds.get(next));
        ApiResult<ApiAnswer> result = api.upgradeTasks(cluster);
        if (result instanceof ApiResult.Failed<ApiAnswer> failed) {
            if (failed.failure().isTransient() && stopping()) {
                return null;
            }
            next++;
            return new ClusterFetch.Failed(cluster, failed.failure(), failed.attempts());
        }
        next++;
        ApiAnswer answer = ((ApiResult.Answered<ApiAnswer>) result).answer();
        String sha256 = ArchivedResponse.sha256(answer.body());
        Optional<ArchivedResponse> archived = last.tasks(cluster.clusterId());
        List<EvidenceFetch> evidence = evidence(cluster, last.evidence(cluster.clusterId()));
        return archived.isPresent() && archived.get().sameAs(cluster.projectId(), sha256)
                ? new ClusterFetch.Unchanged(cluster, archived.get(), result.attempts(), evidence)
                : new ClusterFetch.Fetched(cluster, answer, sha256, result.attempts(), evidence);
    }

    /** Each kind of the cluster's evidence, one call each; a kind whose response is the one archived last is unchanged. */
    private List<EvidenceFetch> evidence(ClusterRef cluster, Map<EvidenceKind, ArchivedResponse> archived) {
        List<EvidenceFetch> evidence = new ArrayList<>();
        for (EvidenceKind kind : EvidenceKind.values()) {
            ApiResult<ApiAnswer> result = api.evidence(cluster, kind);
            if (result instanceof ApiResult.Failed<ApiAnswer> failed) {
                evidence.add(new EvidenceFetch.Failed(kind, failed.failure(), failed.attempts()));
                continue;
            }
            ApiAnswer answer = ((ApiResult.Answered<ApiAnswer>) result).answer();
            String sha256 = ArchivedResponse.sha256(answer.body());
            ArchivedResponse previous = archived.get(kind);
            evidence.add(previous != null && previous.sameAs(cluster.projectId(), sha256)
                    ? new EvidenceFetch.Unchanged(kind, previous, result.attempts())
                    : new EvidenceFetch.Fetched(kind, answer, sha256, result.attempts()));
        }
        return evidence;
    }

    private boolean stopping() {
        if (stop.requested()) {
            stepExecution.setTerminateOnly();
            return true;
        }
        return false;
    }
}
