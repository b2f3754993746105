package io.github.cceupgradearchiver.history;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The public keys of {@code archiver.integrity.public-key}, by fingerprint: what verify checks signatures with. */
final class SealKeys {

    static final String KEY = "archiver.integrity.public-key";

    /** What a seal's signature says about it. */
    enum Check { UNSIGNED, UNKNOWN_KEY, BAD, GOOD }

    private final Map<String, PublicKey> keys;

    private SealKeys(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    static SealKeys load(List<Path> files) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path file : files) {
            PublicKey key = Ed25519Keys.publicKey(KEY, file);
            keys.put(Ed25519Keys.fingerprint(key), key);
        }
        return new SealKeys(keys);
    }

    boolean configured() {
        return !keys.isEmpty();
    }

    Set<String> fingerprints() {
        return keys.keySet();
    }

    Check check(SealHead head) {
        if (head.signature() == null || head.keyFingerprint() == null) {
            return Check.UNSIGNED;
        }
        PublicKey key = keys.get(head.keyFingerprint());
        if (key == null) {
            return Check.UNKNOWN_KEY;
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(head.signedMessage());
            return signature.verify(Base64.getDecoder().decode(head.signature())) ? Check.GOOD : Check.BAD;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Check.BAD;
        }
    }
}
