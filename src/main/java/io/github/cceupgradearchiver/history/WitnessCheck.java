package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The chain compared with the outside witness: every witnessed seal must still be in the chain, unchanged. That
 * catches what no check inside the database can: the newest seals removed, or the chain rewritten consistently
 * from some seal on, with or without a key. Seals the witness could not record are listed, not counted as damage:
 * their runs already failed loudly, and a seal added behind the archiver's back is caught by its signature.
 */
record WitnessCheck(String summary, @Nullable String damage) {

    /** What the witness directory held when it was read. */
    record Witnessed(Path directory, SealWitness.Record record) {
    }

    /**
     * Reads the witness; verify does so before its snapshot's first query. A file is written only after its seal
     * commits, so every seal read here is in the snapshot; one read after it could be a seal committed since.
     */
    static @Nullable Witnessed read(@Nullable SealWitness witness) {
        if (witness == null) {
            return null;
        }
        try {
            return new Witnessed(witness.directory(), witness.read());
        } catch (IOException e) {
            throw new InvalidConfigurationException(SealWitness.KEY, "cannot read " + witness.directory() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    static WitnessCheck of(@Nullable Witnessed witness, List<SealHead> chain) {
        if (witness == null) {
            return new WitnessCheck("not checked (no " + SealWitness.KEY + ")", null);
        }
        SealWitness.Record record = witness.record();
        String where = witness.directory().toString();
        if (!record.unreadable().isEmpty()) {
            return new WitnessCheck("checked " + where, "witness file " + where + "/" + record.unreadable().get(0)
                    + " is not a seal record as the archiver writes them: the witness was altered");
        }
        Map<Long, SealHead> seals = chain.stream().collect(Collectors.toMap(SealHead::sealId, Function.identity()));
        for (SealHead witnessed : record.heads()) {
            SealHead sealed = seals.get(witnessed.sealId());
            if (sealed == null) {
                return new WitnessCheck("checked " + where, "witnessed " + witnessed.describe()
                        + " is missing from the chain: seals were removed, or the chain was rolled back");
            }
            String differences = differences(witnessed, sealed);
            if (!differences.isEmpty()) {
                return new WitnessCheck("checked " + where, "seal " + sealed.sealId() + " differs from its witness "
                        + SealWitness.fileName(sealed.sealId()) + " in " + differences + ": the chain was rewritten"
                        + " (witnessed digest " + witnessed.digest() + ", now " + sealed.digest() + ")");
            }
        }
        if (record.heads().isEmpty()) {
            return new WitnessCheck("checked " + where + ": it holds no seal yet", null);
        }
        long firstWitnessed = record.heads().get(0).sealId();
        List<Long> witnessedIds = record.heads().stream().map(SealHead::sealId).toList();
        List<Long> missing = new ArrayList<>();
        chain.stream().map(SealHead::sealId).filter(id -> id > firstWitnessed && !witnessedIds.contains(id))
                .forEach(missing::add);
        SealHead head = chain.get(chain.size() - 1);
        return new WitnessCheck("checked " + where + ": " + record.heads().size() + " witnessed seals, each in the chain"
                + " unchanged; the newest seal " + head.sealId() + (witnessedIds.contains(head.sealId()) ? " is" : " is not")
                + " witnessed" + (missing.isEmpty() ? "" : "; seals " + missing.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + " were not witnessed (their runs reported why)"), null);
    }

    private static String differences(SealHead witnessed, SealHead sealed) {
        List<String> fields = new ArrayList<>();
        if (witnessed.runId() != sealed.runId()) {
            fields.add("run_id");
        }
        if (!witnessed.sealedAt().equals(sealed.sealedAt())) {
            fields.add("sealed_at");
        }
        if (!witnessed.digest().equals(sealed.digest())) {
            fields.add("digest");
        }
        if (!Objects.equals(witnessed.signature(), sealed.signature())) {
            fields.add("signature");
        }
        if (!Objects.equals(witnessed.keyFingerprint(), sealed.keyFingerprint())) {
            fields.add("key_fingerprint");
        }
        return String.join(", ", fields);
    }
}
