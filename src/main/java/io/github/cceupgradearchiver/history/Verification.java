package io.github.cceupgradearchiver.history;

import org.jspecify.annotations.Nullable;

/**
 * What verify found.
 *
 * @param damage     the first problem found, naming the revision, seal or task; {@code null} when intact
 * @param unsealed   revisions newer than the head seal (a run was interrupted before sealing, or the newest
 *                   seals were removed: only a head digest recorded elsewhere tells these apart)
 */
public record Verification(long revisions, long seals, long tasks, String headDigest, long unsealed,
                           @Nullable String damage) {

    public boolean intact() {
        return damage == null;
    }

    public String describe() {
        String counts = String.format("%d revisions, %d seals, %d tasks checked; head digest %s",
                revisions, seals, tasks, headDigest);
        String pending = unsealed == 0 ? "" : String.format(
                "; %d revisions after the head seal are not sealed yet (an interrupted run; the next run seals them)",
                unsealed);
        return intact() ? "archive intact: " + counts + pending : "ARCHIVE ALTERED: " + damage + " (" + counts + ")";
    }
}
