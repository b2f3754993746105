package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seals are signed with standard Ed25519 (RFC 8032) over the documented message, the key is named by the SHA-256 of
 * its SubjectPublicKeyInfo DER, and a key file that cannot be used is a configuration error naming the key and the
 * file's problem.
 */
class SealSignatureTest {

    // RFC 8032, section 7.1, TEST 1: the secret key, its public key, and the signature of the empty message.
    static final String RFC_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String RFC_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    static final String RFC_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
            + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    // The DER that precedes the 32 key bytes: PKCS#8 (RFC 8410) and SubjectPublicKeyInfo of an Ed25519 key.
    static final String PKCS8_PREFIX = "302e020100300506032b657004220420";
    static final String SPKI_PREFIX = "302a300506032b6570032100";

    @TempDir
    Path dir;

    @Test
    void signsAsRfc8032AndNamesTheKeyByTheSha256OfItsPublicKeyInfo() throws Exception {
        // given
        Path file = pem("rfc.pem", "PRIVATE KEY", HexFormat.of().parseHex(PKCS8_PREFIX + RFC_SECRET));

        // when
        SealSigner signer = SealSigner.load(file);

        // then
        assertThat(HexFormat.of().formatHex(Base64.getDecoder().decode(signer.sign(new byte[0])))).isEqualTo(RFC_SIGNATURE);
        assertThat(signer.fingerprint()).isEqualTo(Sha256.hex(HexFormat.of().parseHex(SPKI_PREFIX + RFC_PUBLIC)));
    }

    @Test
    void theSignedMessageIsTheDocumentedAsciiLines() {
        // given
        SealHead head = new SealHead(12, 7, Instant.parse("2024-05-01T02:17:03.1234567Z"), "ab".repeat(32), null, null);

        // when
        String message = new String(head.signedMessage(), StandardCharsets.US_ASCII);

        // then: sealed_at to the microsecond, as PostgreSQL keeps it and the digest writes it
        assertThat(message).isEqualTo("cce-upgrade-archiver seal v1\n12\n7\n2024-05-01T02:17:03.123456Z\n" + "ab".repeat(32) + "\n");
    }

    @Test
    void aSignatureChecksWithTheMatchingPublicKeyOnlyAndOnlyForTheSealItSigned() throws Exception {
        // given
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path privateKey = pem("seal.pem", "PRIVATE KEY", pair.getPrivate().getEncoded());
        Path publicKey = pem("seal.pub.pem", "PUBLIC KEY", pair.getPublic().getEncoded());
        Path otherKey = pem("other.pub.pem", "PUBLIC KEY",
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        SealHead head = new SealHead(3, 2, Instant.parse("2024-05-01T00:00:00Z"), "0f".repeat(32), null, null)
                .signedBy(SealSigner.load(privateKey));
        SealHead moved = new SealHead(4, head.runId(), head.sealedAt(), head.digest(), head.signature(), head.keyFingerprint());

        // when
        SealKeys keys = SealKeys.load(List.of(otherKey, publicKey));

        // then
        assertThat(head.keyFingerprint()).isEqualTo(Ed25519Keys.fingerprint(pair.getPublic()));
        assertThat(keys.check(head)).isEqualTo(SealKeys.Check.GOOD);
        assertThat(keys.check(moved)).isEqualTo(SealKeys.Check.BAD);
        assertThat(SealKeys.load(List.of(otherKey)).check(head)).isEqualTo(SealKeys.Check.UNKNOWN_KEY);
        assertThat(keys.check(new SealHead(3, 2, head.sealedAt(), head.digest(), null, null))).isEqualTo(SealKeys.Check.UNSIGNED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing file                 | -                                         | cannot read
            not PEM                      | just some text                            | is not PEM: expected an Ed25519 private key in PKCS#8 PEM
            a public key instead         | PUBLIC KEY:MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo= | holds a PEM PUBLIC KEY, not a PRIVATE KEY
            an RSA key                   | RSA                                       | holds no Ed25519 private key
            broken base64                | PRIVATE KEY:@@@@                          | is not PEM
            truncated key                | PRIVATE KEY:MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v  | holds no Ed25519 private key
            """)
    void anUnusableSigningKeyFileIsAConfigurationErrorNamingTheKeyAndTheProblem(String description, String content,
                                                                             String problem) throws Exception {
        // given
        Path file = dir.resolve("key.pem");
        if (content.equals("RSA")) {
            var rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(1024);
            pem("key.pem", "PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
        } else if (content.contains(":")) {
            Files.writeString(file, "-----BEGIN " + content.substring(0, content.indexOf(':')) + "-----\n"
                    + content.substring(content.indexOf(':') + 1) + "\n-----END " + content.substring(0, content.indexOf(':')) + "-----\n");
        } else if (!content.equals("-")) {
            Files.writeString(file, content);
        }

        // when / then
        assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> SealSigner.load(file))
                .withMessageStartingWith("archiver.integrity.signing-key: ")
                .withMessageContaining(file.toString())
                .withMessageContaining(problem);
    }

    @Test
    void aPrivateKeyGivenAsPublicKeyIsAConfigurationErrorNamingThePublicKeySetting() throws Exception {
        // given
        Path file = pem("seal.pem", "PRIVATE KEY", HexFormat.of().parseHex(PKCS8_PREFIX + RFC_SECRET));

        // when / then
        assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> SealKeys.load(List.of(file)))
                .withMessage("archiver.integrity.public-key: " + file + " holds a PEM PRIVATE KEY, not a PUBLIC KEY: "
                        + "expected an Ed25519 public key in SPKI PEM (openssl pkey -in PRIVATE.pem -pubout)");
    }

    private Path pem(String name, String type, byte[] der) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n");
    }
}
