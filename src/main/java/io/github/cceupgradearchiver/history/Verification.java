package io.github.cceupgradearchiver.history;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What verify found.
 *
 * @param damage     the first problem found, naming the definition, revision, seal, run or task; {@code null} when intact
 * @param unsealed   revisions newer than the head seal (a run was interrupted before sealing, or the newest
 *                   seals were removed: the witness tells these apart)
 * @param setup      the login setup the catalog shows (one login, or two)
 * @param signatures whether the seals' signatures were checked, with which keys, and what they showed
 * @param witness    whether the chain was compared with the outside witness, and what that showed
 */
public record Verification(long revisions, long seals, long tasks, String headDigest, long unsealed,
                           @Nullable String damage, String setup, String signatures, String witness) {

    /** How the verdict on an intact archive begins: the evidence pack's checkers read it from the manifest. */
    public static final String INTACT = "archive intact: ";

    // The head digest of a verdict reached before any row was read.
    private static final String NOT_READ = "(not read)";

    /** A verdict reached in pg_catalog, before any row was read. */
    static Verification ofDefinitions(String setup, String damage, Set<String> keys, @Nullable Path witness) {
        return new Verification(0, 0, 0, NOT_READ, 0, damage, setup,
                keys.isEmpty() ? "not checked (no " + SealKeys.KEY + ")" : "not checked: the archive's definitions were altered",
                witness == null ? "not checked (no " + SealWitness.KEY + ")" : "not checked: the archive's definitions were altered");
    }

    public boolean intact() {
        return damage == null;
    }

    public boolean signaturesChecked() {
        return signatures.startsWith("checked");
    }

    public boolean witnessChecked() {
        return witness.startsWith("checked");
    }

    public String describe() {
        String counts = String.format("%d revisions, %d seals, %d tasks checked; head digest %s",
                revisions, seals, tasks, headDigest);
        String pending = unsealed == 0 ? "" : String.format(
                "; %d revisions after the head seal are not sealed yet (an interrupted run; the next run seals them)",
                unsealed);
        if (intact()) {
            return INTACT + counts + pending;
        }
        return "ARCHIVE ALTERED: " + damage + (revisions + seals + tasks == 0 && NOT_READ.equals(headDigest)
                ? " (verify read no row of a table whose definition was changed)" : " (" + counts + ")");
    }

    /** The lines after the verdict: the login setup, the signatures, the witness. */
    public List<String> details() {
        return List.of("setup: " + setup, "signatures: " + signatures, "witness: " + witness);
    }
}
