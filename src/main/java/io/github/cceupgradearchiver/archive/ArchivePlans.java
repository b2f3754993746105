package io.github.cceupgradearchiver.archive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the plan {@link ArchiveService} made to the job it starts: the job's parameter {@value #RUN_ID} names it.
 * Plans are objects, not strings in the job's context: the partitioner and the readers get the typed clusters.
 */
final class ArchivePlans {

    /** The job parameter that names the run, and so the plan. */
    static final String RUN_ID = "archive.runId";

    private final Map<Long, ArchivePlan> plans = new ConcurrentHashMap<>();

    void put(ArchivePlan plan) {
        plans.put(plan.runId(), plan);
    }

    ArchivePlan get(long runId) {
        ArchivePlan plan = plans.get(runId);
        if (plan == null) {
            throw new IllegalStateException("no plan for archive run " + runId + ": the job is started by ArchiveService");
        }
        return plan;
    }

    void remove(long runId) {
        plans.remove(runId);
    }
}
