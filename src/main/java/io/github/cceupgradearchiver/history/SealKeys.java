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
import org.jspecify.annotations.Nullable;

/** The public keys of {@code archiver.integrity.public-key}, by fingerprint: what verify checks signatures with. */
public final class SealKeys {

    public static final String KEY = "archiver.integrity.public-key";

    /** What a seal's signature says about it. */
    public enum Check { UNSIGNED, UNKNOWN_KEY, BAD, GOOD }

    private final Map<String, PublicKey> keys;

    private SealKeys(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    public static SealKeys load(List<Path> files) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Path file : files) {
            PublicKey key = Ed25519Keys.publicKey(KEY, file);
            keys.put(Ed25519Keys.fingerprint(key), key);
        }
        return new SealKeys(keys);
    }

    /**
     * The keys whose signatures an evidence pack carries: those of {@code archiver.integrity.public-key} and the
     * public half of {@code archiver.integrity.signing-key}.
     */
    public static SealKeys forExport(List<Path> publicKeys, @Nullable Path signingKey) {
        SealKeys keys = load(publicKeys);
        if (signingKey != null) {
            PublicKey key = Ed25519Keys.privateKey(SealSigner.KEY, signingKey).getPublic();
            keys.keys.put(Ed25519Keys.fingerprint(key), key);
        }
        return keys;
    }

    /** Keys read from PEM text (an evidence pack's keys/*.pem); {@code source} names where each came from. */
    public static SealKeys fromPem(Map<String, String> pemBySource) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        pemBySource.forEach((source, pem) -> {
            PublicKey key = Ed25519Keys.publicKey(source, pem);
            keys.put(Ed25519Keys.fingerprint(key), key);
        });
        return new SealKeys(keys);
    }

    /** Each key's SubjectPublicKeyInfo as PEM, by fingerprint, as {@code openssl pkey -pubout} writes it. */
    public Map<String, String> pem() {
        Map<String, String> pem = new LinkedHashMap<>();
        keys.forEach((fingerprint, key) -> pem.put(fingerprint, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n"));
        return pem;
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    public Set<String> fingerprints() {
        return keys.keySet();
    }

    public Check check(SealHead head) {
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
