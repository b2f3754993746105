package io.github.cceupgradearchiver.history;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;

/** Signs seals with the Ed25519 key of {@code archiver.integrity.signing-key}; only the fingerprint leaves it. */
final class SealSigner {

    static final String KEY = "archiver.integrity.signing-key";

    private final KeyPair keys;
    private final String fingerprint;

    private SealSigner(KeyPair keys) {
        this.keys = keys;
        this.fingerprint = Ed25519Keys.fingerprint(keys.getPublic());
    }

    static SealSigner load(Path file) {
        return new SealSigner(Ed25519Keys.privateKey(KEY, file));
    }

    String fingerprint() {
        return fingerprint;
    }

    /** The Ed25519 signature of {@code message}, in standard base64 (88 characters). */
    String sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(keys.getPrivate());
            signature.update(message);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the Ed25519 key of " + KEY, e);
        }
    }
}
