package io.github.cceupgradearchiver.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The seal chain as verify walks it: every seal's link to its predecessor, its revision count, its digest
 * recomputed in Java from its fields and its revisions' content hashes, and its signature. Without public keys the
 * signatures' order is still checked: once a seal is signed, every later one must be.
 */
final class SealChain {

    private final List<SealHead> heads = new ArrayList<>();
    private final Set<String> signingKeys = new LinkedHashSet<>();
    private String headDigest = SealDigest.GENESIS;
    private long lastRevisionId;
    private @Nullable Long firstSigned;
    private long unsignedBeforeFirstSigned;
    private long signed;
    private @Nullable String damage;

    private SealChain() {
    }

    /** Walks the rows of ArchiveVerifier's CHAIN query: each seal, then the content hashes of its range. */
    static SealChain walk(ResultSet rs, SealKeys keys) throws SQLException {
        SealChain chain = new SealChain();
        boolean more = rs.next();
        while (more) {
            long sealId = rs.getLong("seal_id");
            SealHead head = new SealHead(sealId, rs.getLong("run_id"), rs.getTimestamp("sealed_at").toInstant(),
                    rs.getString("digest"), rs.getString("signature"), rs.getString("key_fingerprint"));
            long previousSeal = rs.getLong("previous_seal");
            String previous = rs.wasNull() ? null : "seal " + previousSeal;
            String previousDigest = rs.getString("previous_digest");
            long after = rs.getLong("after_id");
            long last = rs.getLong("last_revision_id");
            long recorded = rs.getLong("revision_count");
            SealDigest digest = new SealDigest(previousDigest, head.runId(), head.sealedAt(), last, recorded);
            long found = 0;
            do {
                String hash = rs.getString("content_hash");
                if (hash != null) {
                    digest.add(hash);
                    found++;
                }
                more = rs.next();
            } while (more && rs.getLong("seal_id") == sealId);
            if (chain.damage == null) {
                String range = "revisions " + (after + 1) + ".." + last;
                if (!previousDigest.equals(chain.headDigest)) {
                    chain.damage = "seal " + sealId + ": previous_digest does not match "
                            + (previous == null ? "the genesis digest" : previous) + ": a seal before it was removed or altered";
                } else if (found != recorded) {
                    chain.damage = "seal " + sealId + " covers " + range + ": it records " + recorded + " revisions but "
                            + found + " exist: revisions were removed or added";
                } else if (!digest.hex().equals(head.digest())) {
                    chain.damage = "seal " + sealId + " covering " + range
                            + ": digest does not match the seal and its revisions' content hashes";
                } else {
                    chain.damage = chain.signature(head, keys);
                }
            }
            chain.heads.add(head);
            chain.headDigest = head.digest();
            chain.lastRevisionId = last;
        }
        if (chain.damage == null && keys.configured() && !chain.heads.isEmpty() && !chain.heads.get(chain.heads.size() - 1).signed()) {
            chain.damage = "the newest seal " + chain.heads.get(chain.heads.size() - 1).sealId() + " is not signed although "
                    + SealKeys.KEY + " is set: the signatures were removed, or no archive run has sealed since the signing"
                    + " key was configured (run archive once)";
        }
        return chain;
    }

    private @Nullable String signature(SealHead head, SealKeys keys) {
        if (!head.signed()) {
            if (firstSigned != null) {
                return head.describe() + " is not signed, but seal " + firstSigned + " before it was: its signature was"
                        + " removed, or it was sealed without the signing key";
            }
            unsignedBeforeFirstSigned++;
            return null;
        }
        if (firstSigned == null) {
            firstSigned = head.sealId();
        }
        signed++;
        signingKeys.add(head.keyFingerprint());
        if (!keys.configured()) {
            return null;
        }
        return switch (keys.check(head)) {
            case GOOD, UNSIGNED -> null;
            case UNKNOWN_KEY -> head.describe() + " is signed by key " + head.keyFingerprint() + ", which is none of "
                    + SealKeys.KEY + " (" + String.join(", ", keys.fingerprints()) + ")";
            case BAD -> head.describe() + ": its signature does not match it (its digest, run, time or id changed since"
                    + " it was signed)";
        };
    }

    List<SealHead> heads() {
        return heads;
    }

    String headDigest() {
        return headDigest;
    }

    long lastRevisionId() {
        return lastRevisionId;
    }

    @Nullable String damage() {
        return damage;
    }

    /** What verify says about the signatures. */
    String signatures(SealKeys keys) {
        String by = signingKeys.isEmpty() ? "" : " by key " + String.join(", ", signingKeys);
        String before = unsignedBeforeFirstSigned == 0 || firstSigned == null ? ""
                : "; the " + unsignedBeforeFirstSigned + " seals before seal " + firstSigned
                + " are unsigned (made before a signing key was configured)";
        if (!keys.configured()) {
            return "not checked (no " + SealKeys.KEY + "); " + signed + " of " + heads.size() + " seals are signed" + by + before;
        }
        return "checked with key " + String.join(", ", keys.fingerprints()) + ": " + signed + " of " + heads.size()
                + " seals are signed" + before;
    }
}
