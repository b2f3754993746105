package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** What one item becomes: the row's columns, or the reason it is quarantined. */
class UpgradeTaskNormalizerTest {

    private static final Instant RECEIVED = Instant.parse("2024-06-01T00:00:00Z");

    private final UpgradeTaskNormalizer normalizer =
            new UpgradeTaskNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai")), Duration.ofDays(1));

    @Test
    void computesTheDurationFromTheCompletionTimeNotTheLastUpdate() {
        // given: created, last updated and completed at three different times
        String item = item("t1", "2024-03-01 10:00:00 +0800 CST", "2024-03-01 12:00:00 +0800 CST",
                "2024-03-01 10:30:00.25 +0800 CST");

        // when
        ArchivedTask task = normalized(item);

        // then: 30 min 0.25 s, not the 2 h until the last update
        assertThat(task.durationSeconds()).isEqualByComparingTo(new BigDecimal("1800.25"));
        assertThat(task.updatedAt()).isEqualTo(Instant.parse("2024-03-01T04:00:00Z"));
    }

    @ParameterizedTest(name = "created {0}, completed {1}: {2} s")
    @CsvSource(textBlock = """
            1700-01-01 00:00:00 +0000 UTC,   2024-01-01 00:00:00 +0000 UTC,        10224403200.000000
            0001-01-02 00:00:00 +0000 UTC,   9999-12-31 23:59:59.999999 +0000 UTC, 315537811199.999999
            2024-01-01 00:00:01 +0000 UTC,   2024-01-01 00:00:00.5 +0000 UTC,      -0.500000
            2023-11-24 16:41:12.09236 +0800 CST, 2023-11-24 16:44:05.634206 +0800 CST, 173.541846
            """)
    void computesDurationsExactlyHoweverLong(String created, String completed, BigDecimal seconds) {
        ArchivedTask task = normalized(item("t1", created, created, completed));

        assertThat(task.durationSeconds()).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            created in year 0                     | 0000-06-01 00:00:00 +0000 UTC      | 2024-01-01 00:00:00 +0000 UTC   | metadata.creationTimestamp 0000-06-01T00:00:00Z is outside 0001-01-01..9999-12-31 UTC
            created before year 1 in UTC          | 0001-01-01 00:30:00 +0100 CET      | 2024-01-01 00:00:00 +0000 UTC   | metadata.creationTimestamp 0000-12-31T23:30:00Z is outside
            completed after year 9999 in UTC      | 2024-01-01 00:00:00 +0000 UTC      | 9999-12-31 23:00:00 -0200 X     | status.completionTime +10000-01-01T01:00:00Z is outside
            """)
    void quarantinesInstantsPostgresqlCannotReadBack(String description, String created, String completed, String reason) {
        assertThat(rejected(item("t1", created, null, completed)).reason()).startsWith(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NUL in the uid                | {"metadata":{"uid":"t\\u0000","creationTimestamp":"2024-01-01T00:00:00Z"}}                     | item.metadata.uid contains a NUL character
            NUL in a field name           | {"metadata":{"uid":"t1","creationTimestamp":"2024-01-01T00:00:00Z"},"x\\u0000":1}               | item (a field name) contains a NUL character
            NUL deep inside               | {"metadata":{"uid":"t1","creationTimestamp":"2024-01-01T00:00:00Z"},"a":[{"b":"\\u0000"}]}      | item.a[0].b contains a NUL character
            an unpaired surrogate         | {"metadata":{"uid":"t1","creationTimestamp":"2024-01-01T00:00:00Z"},"s":"\\ud800x"}             | item.s contains an unpaired surrogate (\\ud800)
            a number beyond numeric       | {"metadata":{"uid":"t1","creationTimestamp":"2024-01-01T00:00:00Z"},"status":{"progress":1e999999999}} | item.status.progress is a number of more than 1000 characters written out in full
            a long number, written short  | {"metadata":{"uid":"t1","creationTimestamp":"2024-01-01T00:00:00Z"},"n":1e1000}                 | item.n is a number of more than 1000 characters
            many digits after the point   | {"metadata":{"uid":"t1","creationTimestamp":"2024-01-01T00:00:00Z"},"n":-1e-999}                | item.n is a number of more than 1000 characters
            """)
    void quarantinesWhatJsonbRefusesOrVerifyCannotReadBackBeforeAnySql(String description, String item, String reason) {
        RejectedItem rejected = rejected(item);

        assertThat(rejected.reason()).startsWith(reason);
        assertThat(rejected.rawText()).isEqualTo(item);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a thousand digits                     | 1e999
            a thousand characters after the point | 1e-998
            a pair of surrogates, escaped         | "\\ud83d\\ude00"
            """)
    void archivesWhatJsonbStoresAndVerifyReadsAtTheirLimits(String description, String value) {
        String item = "{\"metadata\":{\"uid\":\"t1\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},\"v\":" + value + "}";

        assertThat(normalizer.normalize(ApiJson.MAPPER.readTree(item), item, RECEIVED))
                .isInstanceOf(UpgradeTaskNormalizer.Normalized.class);
    }

    @Test
    void keepsUidsUpToTheStatedLength() {
        String longest = "u".repeat(UpgradeTaskNormalizer.MAX_TASK_ID_CHARS);

        assertThat(normalized(item(longest, "2024-01-01 00:00:00 +0000 UTC", null, null)).taskId()).isEqualTo(longest);
        assertThat(rejected(item(longest + "u", "2024-01-01 00:00:00 +0000 UTC", null, null)).reason())
                .isEqualTo("metadata.uid is 257 characters long; the archive keeps uids of at most 256");
    }

    @ParameterizedTest(name = "updated {0} after the response: archived {1}")
    @CsvSource(textBlock = """
            PT0S,              true
            PT24H,             true
            PT24H0.000001S,    false
            P3000D,            false
            """)
    void quarantinesAnUpdateFurtherInTheFutureThanTheClockSkew(Duration ahead, boolean archived) {
        String updated = RECEIVED.plus(ahead).toString();

        var result = normalizer.normalize(node(item("t1", "2024-01-01T00:00:00Z", updated, null)),
                item("t1", "2024-01-01T00:00:00Z", updated, null), RECEIVED);

        assertThat(result instanceof UpgradeTaskNormalizer.Normalized).isEqualTo(archived);
        if (!archived) {
            assertThat(((UpgradeTaskNormalizer.Rejected) result).item().reason())
                    .contains("is more than archiver.max-clock-skew (24h) after the response was received (2024-06-01T00:00:00Z)")
                    .contains("never stands as the task's latest state");
        }
    }

    @Test
    void derivesForVerifyWhatTheAdmissionRulesWouldRefuse() {
        // given: what an earlier build stored: a long uid, and an update in the year 9999
        String item = item("u".repeat(300), "2024-01-01 00:00:00 +0000 UTC", "9999-01-01 00:00:00 +0000 UTC", null);

        // when
        var derived = normalizer.derive(node(item), item);

        // then: the columns, as the archive derived them then
        assertThat(derived).isInstanceOfSatisfying(UpgradeTaskNormalizer.Normalized.class,
                normalized -> assertThat(normalized.task().updatedAt()).isEqualTo(Instant.parse("9999-01-01T00:00:00Z")));
    }

    @Test
    void keepsAReadableUidOfARejectedItemAndNoneOfAnUnreadableOne() {
        assertThat(rejected("{\"metadata\":{\"uid\":\"t1\",\"creationTimestamp\":\"soon\"}}").taskId()).isEqualTo("t1");
        assertThat(rejected("{\"metadata\":{\"uid\":[\"t1\"],\"creationTimestamp\":\"2024-01-01T00:00:00Z\"}}").taskId()).isNull();
    }

    private ArchivedTask normalized(String item) {
        var result = normalizer.normalize(node(item), item, RECEIVED);
        assertThat(result).isInstanceOf(UpgradeTaskNormalizer.Normalized.class);
        return ((UpgradeTaskNormalizer.Normalized) result).task();
    }

    private RejectedItem rejected(String item) {
        var result = normalizer.normalize(node(item), item, RECEIVED);
        assertThat(result).isInstanceOf(UpgradeTaskNormalizer.Rejected.class);
        return ((UpgradeTaskNormalizer.Rejected) result).item();
    }

    private static JsonNode node(String item) {
        return ApiJson.MAPPER.readTree(item);
    }

    private static String item(String uid, String created, String updated, String completed) {
        return "{\"metadata\":{\"uid\":\"" + uid + "\",\"creationTimestamp\":\"" + created + "\""
                + (updated == null ? "" : ",\"updateTimestamp\":\"" + updated + "\"") + "},"
                + "\"status\":{\"phase\":\"Success\"" + (completed == null ? "" : ",\"completionTime\":\"" + completed + "\"")
                + "}}";
    }
}
