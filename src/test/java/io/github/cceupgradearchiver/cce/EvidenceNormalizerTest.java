package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EvidenceNormalizerTest {

    private static final Instant RECEIVED = Instant.parse("2024-06-01T00:00:00Z");
    private final EvidenceNormalizer normalizer =
            new EvidenceNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai")), Duration.ofDays(1));

    // ¦ separates the expected objects: id cluster_version target_version phase created updated finished (- for null)
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            pre-check, Go time             | PRECHECK     | {"items":[{"metadata":{"uid":"p1","creationTimestamp":"2024-05-01 09:30:00.1234567 +0800 CST"},"spec":{"clusterVersion":"v1.28.3-r0","targetVersion":"v1.29.1-r0"},"status":{"phase":"Success"}}]} | p1 v1.28.3-r0 v1.29.1-r0 Success 2024-05-01T01:30:00.123456Z - -
            snapshot, completion time      | SNAPSHOT     | {"items":[{"metadata":{"uid":"s1"},"status":{"phase":"Success","completionTime":"2024-05-01 09:50:00 +0800 CST"}}]} | s1 - - Success - - 2024-05-01T01:50:00Z
            workflows as one object        | WORKFLOW     | {"items":{"metadata":{"uid":"w1","creationTimestamp":"2024-05-01T09:29:00.123456789+08:00"},"status":{"phase":"Running"}}} | w1 - - Running 2024-05-01T01:29:00.123456Z - -
            workflows as an array          | WORKFLOW     | {"items":[{"metadata":{"uid":"w1"}},{"metadata":{"uid":"w2","updateTimestamp":"2024-05-02T00:00:00Z"}}]} | w1 - - - - - -¦w2 - - - - 2024-05-02T00:00:00Z -
            no workflow: an empty object   | WORKFLOW     | {"kind":"List","items":{}} | ``
            no workflow: null              | WORKFLOW     | {"items":null} | ``
            upgrade info, the body itself  | UPGRADE_INFO | {"metadata":{"uid":"x"},"spec":{"lastUpgradeInfo":{"phase":"Success","completionTime":"2024-05-01T10:20:00.5+08:00"},"versionInfo":{"release":"v1.29"}}} | c-1 v1.29 - Success - - 2024-05-01T02:20:00.500Z
            """)
    void readsEachKindsObjectsWithTimestampsToTheMicrosecond(String description, EvidenceKind kind, String body,
                                                             String expected) {
        // when
        EvidenceNormalizer.Read read = read(kind, body);

        // then
        assertThat(read.rejected()).isEmpty();
        assertThat(read.objects()).extracting(EvidenceNormalizerTest::describe)
                .isEqualTo(expected == null || expected.isEmpty() ? List.of() : List.of(expected.split("¦")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            no uid                      | {"items":[{"metadata":{}},{"metadata":{"uid":"ok"}}]}                                             | metadata.uid is missing
            unreadable timestamp        | {"items":[{"metadata":{"uid":"a","creationTimestamp":"yesterday"}},{"metadata":{"uid":"ok"}}]}  | metadata.creationTimestamp: unparseable timestamp
            a future beyond the skew    | {"items":[{"metadata":{"uid":"a","updateTimestamp":"2030-01-01T00:00:00Z"}},{"metadata":{"uid":"ok"}}]} | metadata.updateTimestamp 2030-01-01T00:00:00Z is more than archiver.max-clock-skew
            a NUL                       | {"items":[{"metadata":{"uid":"a\\u0000"}},{"metadata":{"uid":"ok"}}]}                             | item.metadata.uid contains a NUL
            not an object               | {"items":[7,{"metadata":{"uid":"ok"}}]}                                                            | item is not a JSON object
            """)
    void quarantinesAnUnreadableObjectAndKeepsItsSibling(String description, String body, String reason) {
        // when
        EvidenceNormalizer.Read read = read(EvidenceKind.PRECHECK, body);

        // then
        assertThat(read.objects()).extracting(ArchivedEvidence::objectId).containsExactly("ok");
        assertThat(read.rejected()).singleElement().satisfies(item -> assertThat(item.reason()).startsWith(reason));
        assertThat(read.seen()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HTML instead of JSON        | PRECHECK     | <html>403</html>
            items a string              | SNAPSHOT     | {"items":"none"}
            workflow items a number     | WORKFLOW     | {"items":3}
            upgrade info an array       | UPGRADE_INFO | [{"spec":{}}]
            """)
    void aResponseThatIsNoListIsUnreadableAsAWhole(String description, EvidenceKind kind, String body) {
        assertThat(normalizer.read(kind, body, "c-1", RECEIVED)).isInstanceOf(ParseResult.Unreadable.class);
    }

    /** Seeded hostile bodies: whatever a field holds, every object is archived or quarantined, and nothing throws. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyObjectOfAHostileResponseIsArchivedOrQuarantined(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        EvidenceKind kind = EvidenceKind.values()[random.nextInt(EvidenceKind.values().length)];
        List<String> items = new ArrayList<>();
        int count = random.nextInt(1, 6);
        for (int i = 0; i < count; i++) {
            items.add("{\"metadata\":{\"uid\":%s,\"creationTimestamp\":%s},\"spec\":{\"targetVersion\":%s},\"status\":{\"phase\":%s,\"completionTime\":%s}}"
                    .formatted(value(random), value(random), value(random), value(random), value(random)));
        }
        String body = kind == EvidenceKind.UPGRADE_INFO ? items.get(0) : "{\"items\":[" + String.join(",", items) + "]}";

        ParseResult<EvidenceNormalizer.Read> result = normalizer.read(kind, body, "c-1", RECEIVED);

        assertThat(result).isInstanceOfSatisfying(ParseResult.Parsed.class, parsed -> {
            var read = (EvidenceNormalizer.Read) parsed.value();
            assertThat(read.objects().size() + read.rejected().size()).isEqualTo(read.seen());
            assertThat(read.rejected()).allSatisfy(item -> assertThat(item.reason()).isNotBlank());
        });
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 200).mapToObj(i -> 1_000L + i);
    }

    private static String value(SplittableRandom random) {
        return switch (random.nextInt(9)) {
            case 0 -> "null";
            case 1 -> "\"\"";
            case 2 -> "\"2024-05-01 09:30:00 +0800 CST\"";
            case 3 -> "\"2024-05-01T09:30:00.123456789+08:00\"";
            case 4 -> "12.50";
            case 5 -> "{\"a\":[1]}";
            case 6 -> "\"\\u0000\"";
            case 7 -> "\"9999-99-99 99:99:99\"";
            default -> "\"id-" + random.nextInt(3) + "\"";
        };
    }

    private EvidenceNormalizer.Read read(EvidenceKind kind, String body) {
        return ((ParseResult.Parsed<EvidenceNormalizer.Read>) normalizer.read(kind, body, "c-1", RECEIVED)).value();
    }

    private static String describe(ArchivedEvidence evidence) {
        return String.join(" ", evidence.objectId(), text(evidence.clusterVersion()), text(evidence.targetVersion()),
                text(evidence.phase()), text(evidence.createdAt()), text(evidence.updatedAt()), text(evidence.finishedAt()));
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
