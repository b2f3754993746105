package io.github.cceupgradearchiver.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness writes each signed head once, reads back exactly what it wrote, and vouches for nothing else. */
class SealWitnessTest {

    static final String SIGNATURE = "A".repeat(86) + "==";

    @TempDir
    Path dir;

    @Test
    void readsBackEverySealItRecordedInSealOrder() throws Exception {
        // given
        SealWitness witness = new SealWitness(dir);
        List<SealHead> heads = List.of(
                new SealHead(10, 9, Instant.parse("2024-05-02T02:17:03.000001Z"), "0a".repeat(32), SIGNATURE, "cd".repeat(32)),
                new SealHead(2, 1, Instant.parse("2024-05-01T02:17:03Z"), "ab".repeat(32), null, null));

        // when
        for (SealHead head : heads) {
            witness.record(head);
        }

        // then
        assertThat(witness.read().heads()).containsExactly(heads.get(1), heads.get(0));
        assertThat(witness.read().unreadable()).isEmpty();
        assertThat(Files.readString(dir.resolve("seal-000000000002.json"))).isEqualTo("{\"seal_id\":2,\"run_id\":1,"
                + "\"sealed_at\":\"2024-05-01T02:17:03.000000Z\",\"digest\":\"" + "ab".repeat(32)
                + "\",\"signature\":null,\"key_fingerprint\":null}\n");
    }

    @Test
    void neverRewritesASealItHasRecorded() throws Exception {
        // given
        SealWitness witness = new SealWitness(dir);
        SealHead head = new SealHead(5, 4, Instant.parse("2024-05-01T00:00:00Z"), "ab".repeat(32), null, null);
        witness.record(head);

        // when / then
        assertThatExceptionOfType(FileAlreadyExistsException.class).isThrownBy(() -> witness.record(
                new SealHead(5, 4, head.sealedAt(), "cd".repeat(32), null, null)));
        assertThat(witness.read().heads()).containsExactly(head);
    }

    @Test
    void aFileThatIsNotExactlyASealRecordIsNamedAsUnreadable() throws Exception {
        // given
        SealWitness witness = new SealWitness(dir);
        witness.record(new SealHead(1, 1, Instant.parse("2024-05-01T00:00:00Z"), "ab".repeat(32), null, null));
        Files.copy(dir.resolve("seal-000000000001.json"), dir.resolve("seal-000000000002.json")); // names seal 1
        Files.writeString(dir.resolve("seal-000000000003.json"), "garbage");

        // when
        SealWitness.Record record = witness.read();

        // then
        assertThat(record.heads()).extracting(SealHead::sealId).containsExactly(1L);
        assertThat(record.unreadable()).containsExactly("seal-000000000002.json", "seal-000000000003.json");
    }

    /** Property: whatever a witness line was changed into, parsing it never throws and never yields a different head. */
    @Test
    void aDamagedLineIsReadAsNothingOrAsAHeadThatItStillSpellsExactly() {
        // given
        String line = "{\"seal_id\":12,\"run_id\":7,\"sealed_at\":\"2024-05-01T02:17:03.123456Z\",\"digest\":\""
                + "ab".repeat(32) + "\",\"signature\":\"" + SIGNATURE + "\",\"key_fingerprint\":\"" + "cd".repeat(32) + "\"}";
        Random random = new Random(12);
        List<String> damaged = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder(line);
            for (int edits = 1 + random.nextInt(3); edits > 0 && !text.isEmpty(); edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, (char) (32 + random.nextInt(95)));
                    default -> text.setCharAt(at, (char) random.nextInt(0x3000));
                }
            }
            damaged.add(text.toString());
        }

        // when / then
        for (String text : damaged) {
            SealHead head = SealWitness.parse(text);
            if (head != null) {
                assertThat(text).as(text).contains("\"digest\":\"" + head.digest() + "\"")
                        .contains("\"sealed_at\":\"" + SealDigest.timestamp(head.sealedAt()) + "\"");
            }
        }
        assertThat(SealWitness.parse(line)).isNotNull();
        assertThat(SealWitness.parse(new String(new byte[] {(byte) 0xff, 0}, StandardCharsets.ISO_8859_1))).isNull();
    }
}
