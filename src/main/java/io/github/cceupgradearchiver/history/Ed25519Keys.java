package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Ed25519 key files of {@code archiver.integrity.*} as OpenSSL writes them
 * ({@code openssl genpkey -algorithm ed25519}, {@code openssl pkey -pubout}), and names a key by its fingerprint:
 * the SHA-256 (lower-case hex) of its public key's SubjectPublicKeyInfo DER, which
 * {@code openssl pkey -pubin -in KEY.pem -outform DER | sha256sum} prints too. A file that cannot be used is a
 * configuration error naming the key and what is wrong with the file.
 */
final class Ed25519Keys {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private Ed25519Keys() {
    }

    /** The private key of {@code file} and its public key, checked to belong together. */
    static KeyPair privateKey(String key, Path file) {
        byte[] der = pem(key, file.toString(), read(key, file), "PRIVATE KEY", "an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)");
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(key, file + " holds no Ed25519 private key (" + e.getMessage()
                    + "); create one with: openssl genpkey -algorithm ed25519 -out " + file.getFileName());
        }
        return new KeyPair(publicKeyOf((EdECPrivateKey) privateKey), privateKey);
    }

    /** The public key of {@code file}. */
    static PublicKey publicKey(String key, Path file) {
        return publicKey(key, file.toString(), read(key, file));
    }

    /** The public key of PEM {@code text}, read from {@code source}. */
    static PublicKey publicKey(String source, String text) {
        return publicKey(source, source, text);
    }

    private static PublicKey publicKey(String key, String file, String text) {
        byte[] der = pem(key, file, text, "PUBLIC KEY", "an Ed25519 public key in SPKI PEM (openssl pkey -in PRIVATE.pem -pubout)");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidConfigurationException(key, file + " holds no Ed25519 public key (" + e.getMessage() + ")");
        }
    }

    /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER. */
    static String fingerprint(PublicKey publicKey) {
        return Sha256.hex(publicKey.getEncoded());
    }

    private static String read(String key, Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigurationException(key, "cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
    }

    private static byte[] pem(String key, String file, String text, String type, String expected) {
        Matcher block = PEM.matcher(text);
        if (!block.find()) {
            throw new InvalidConfigurationException(key, file + " is not PEM: expected " + expected);
        }
        if (!block.group(1).equals(type)) {
            throw new InvalidConfigurationException(key, file + " holds a PEM " + block.group(1) + ", not a " + type
                    + ": expected " + expected);
        }
        try {
            return Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, file + " is not valid PEM: " + e.getMessage());
        }
    }

    /**
     * The JDK derives an Ed25519 public key only while generating a pair: generate the pair whose random private
     * bytes are this key's (RFC 8032: the public key is a function of those 32 bytes).
     */
    private static PublicKey publicKeyOf(EdECPrivateKey privateKey) {
        byte[] seed = privateKey.getBytes().orElseThrow();
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
                throw new IllegalStateException("the JDK's Ed25519 key generator did not take the given private key");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has Ed25519", e);
        }
    }
}
