package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiFailure;
import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.ArchivedTask;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.FailureClass;
import io.github.cceupgradearchiver.cce.RejectedItem;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterSnapshotProcessorTest {

    private final ClusterRef cluster = new ClusterRef("p1", "cn-north-4", "c1", "prod");
    static final Instant RECEIVED = Instant.parse("2024-06-01T00:00:00Z");

    private final UpgradeTaskNormalizer normalizer = new UpgradeTaskNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai")),
            Duration.ofDays(1));
    private final ClusterSnapshotProcessor processor = new ClusterSnapshotProcessor(normalizer,
            new EvidenceNormalizer(new ApiTimestamps(ZoneId.of("Asia/Shanghai")), Duration.ofDays(1)));

    /** A fetched body, as the reader hands it on. */
    static ClusterFetch.Fetched fetched(ClusterRef cluster, String body) {
        return new ClusterFetch.Fetched(cluster, new ApiAnswer(body, RECEIVED), ArchivedResponse.sha256(body), 1, List.of());
    }

    private ClusterSnapshot.Archived archived(String body) {
        return (ClusterSnapshot.Archived) processor.process(fetched(cluster, body));
    }

    @Test
    void passesTheResponseArchivedLastThroughWithoutReadingIt() {
        var last = new ArchivedResponse("p1", ArchivedResponse.sha256("not JSON at all"), 7, 2);

        ClusterSnapshot snapshot = processor.process(new ClusterFetch.Unchanged(cluster, last, 3, List.of()));

        assertThat(snapshot).isEqualTo(new ClusterSnapshot.Unchanged(cluster, 3, last, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the same response                                | p1 | 0 | true
            the same body in another project                 | p2 | 0 | false
            the same body, which had an item quarantined     | p1 | 1 | false
            """)
    void knowsTheResponseItsTasksWereArchivedFrom(String description, String archivedProject, int rejected, boolean same) {
        var archived = new ArchivedResponse(archivedProject, ArchivedResponse.sha256("{\"items\":[]}"), 1, rejected);

        assertThat(archived.sameAs("p1", ArchivedResponse.sha256("{\"items\":[]}"))).isEqualTo(same);
        assertThat(archived.sameAs("p1", ArchivedResponse.sha256("{\"items\":[ ]}"))).isFalse();
    }

    @ParameterizedTest(name = "SHA-256 of \"{0}\"")
    @CsvSource(textBlock = """
            '',  e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
            ü,   607474ca475a9724d7360aba71a56d5df77e61350e3f724cfa1f46e857e2d85f
            """)
    void fingerprintsTheBodyAsUtf8(String body, String sha256) {
        assertThat(ArchivedResponse.sha256(body)).isEqualTo(sha256);
    }

    @Test
    void archivesTheDocumentedExampleToTheMicrosecond() {
        // when
        ClusterSnapshot.Archived snapshot = archived(Fixtures.exampleUpgradeTasks());

        // then
        assertThat(snapshot.rejected()).isEmpty();
        ArchivedTask first = snapshot.tasks().get(0);
        assertThat(first.taskId()).isEqualTo("f40cafed-7bf1-4c3b-b619-80113b4bbb18");
        assertThat(first.sourceVersion()).isEqualTo("v1.17.17-r0");
        assertThat(first.targetVersion()).isEqualTo("v1.19.16-r80");
        assertThat(first.phase()).isEqualTo("Success");
        assertThat(first.progress()).isNull();
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2023-11-24T08:41:12.092360Z"));
        assertThat(first.completedAt()).isEqualTo(Instant.parse("2023-11-24T08:44:05.634206Z"));
        assertThat(first.durationSeconds()).isEqualByComparingTo(new BigDecimal("173.541846"));
        assertThat(snapshot.tasks().get(1).durationSeconds()).isEqualByComparingTo(new BigDecimal("1200.000000"));
        assertThat(snapshot.listedTaskIds()).hasSize(2);
        assertThat(snapshot.listingComplete()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unparseable creation time   | {"metadata":{"uid":"t2","creationTimestamp":"yesterday-ish"}}                    | metadata.creationTimestamp: unparseable timestamp 'yesterday-ish'
            missing creation time       | {"metadata":{"uid":"t2"}}                                                        | metadata.creationTimestamp is missing
            no uid                      | {"metadata":{"creationTimestamp":"2023-11-24 16:41:12 +0800 CST"}}               | metadata.uid is missing
            blank uid                   | {"metadata":{"uid":" ","creationTimestamp":"2023-11-24 16:41:12 +0800 CST"}}     | metadata.uid is missing
            not an object               | "just a string"                                                                  | item is not a JSON object
            bad completion time         | {"metadata":{"uid":"t2","creationTimestamp":"2023-11-24 16:41:12 +0800 CST"},"status":{"completionTime":"2023-11-31 10:00:00 +0800 CST"}} | status.completionTime: unparseable timestamp
            version is an object        | {"metadata":{"uid":"t2","creationTimestamp":"2023-11-24 16:41:12 +0800 CST"},"spec":{"version":{"a":1}}} | spec.version is not a scalar
            NUL character               | {"metadata":{"uid":"t2","creationTimestamp":"2023-11-24 16:41:12 +0800 CST"},"spec":{"version":"v1\\u0000"}} | NUL character
            """)
    void quarantinesABadItemAndKeepsItsSibling(String description, String badItem, String reason) {
        // given
        String body = "{\"items\":[" + badItem + ",{\"metadata\":{\"uid\":\"t1\",\"creationTimestamp\":\"2023-11-24 16:41:12 +0800 CST\"}}]}";

        // when
        ClusterSnapshot.Archived snapshot = archived(body);

        // then
        assertThat(snapshot.tasks()).extracting(ArchivedTask::taskId).containsExactly("t1");
        assertThat(snapshot.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.reason()).contains(reason);
            assertThat(rejected.rawText()).isNotBlank();
        });
        assertThat(snapshot.response().tasksSeen()).isEqualTo(2);
    }

    @Test
    void keepsTypesTheSdkModelRejectsAndFieldsItDoesNotKnow() {
        // given: progress as a number, an unknown phase, an extra field, a running task with an empty completionTime
        String body = """
                {"items":[{"metadata":{"uid":"t1","creationTimestamp":"2023-11-24 16:41:12 +0800 CST","updateTimestamp":""},
                 "spec":{"version":"v1.28.1-r0","targetVersion":"v1.29.2-r0","items":{"x":1}},
                 "status":{"phase":"Rolling Back","progress":55,"completionTime":"","extra":1.10}}]}""";

        // when
        ArchivedTask task = archived(body).tasks().get(0);

        // then
        assertThat(task.progress()).isEqualTo("55");
        assertThat(task.phase()).isEqualTo("Rolling Back");
        assertThat(task.updatedAt()).isNull();
        assertThat(task.completedAt()).isNull();
        assertThat(task.durationSeconds()).isNull();
        assertThat(task.rawJson()).contains("\"extra\":1.10").contains("\"items\":{\"x\":1}");
    }

    @ParameterizedTest(name = "progress {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            55         | 55
            33.30      | 33.30
            1e2        | 100
            1.50e1     | 15.0
            -0.0       | 0.0
            "7"        | 7
            true       | true
            """)
    void writesNumbersAsPostgresqlJsonbRendersThem(String progress, String expected) {
        String body = "{\"items\":[{\"metadata\":{\"uid\":\"t1\",\"creationTimestamp\":\"2023-11-24 16:41:12 +0800 CST\"},"
                + "\"status\":{\"progress\":" + progress + "}}]}";

        assertThat(archived(body).tasks().get(0).progress()).isEqualTo(expected);
    }

    @Test
    void treatsGoZeroTimeAsNotCompleted() {
        String body = """
                {"items":[{"metadata":{"uid":"t1","creationTimestamp":"2023-11-24 16:41:12 +0800 CST"},
                 "status":{"phase":"Running","completionTime":"0001-01-01 00:00:00 +0000 UTC"}}]}""";

        ArchivedTask task = archived(body).tasks().get(0);

        assertThat(task.completedAt()).isNull();
        assertThat(task.durationSeconds()).isNull();
    }

    @Test
    void archivesTheNewestStateOfAUidListedTwiceAndQuarantinesTheOther() {
        String body = """
                {"items":[
                 {"metadata":{"uid":"t1","creationTimestamp":"2023-11-24 16:41:12 +0800 CST","updateTimestamp":"2023-11-24 16:42:00 +0800 CST"},"status":{"phase":"Running"}},
                 {"metadata":{"uid":"t1","creationTimestamp":"2023-11-24 16:41:12 +0800 CST","updateTimestamp":"2023-11-24 16:45:00 +0800 CST"},"status":{"phase":"Success"}}]}""";

        ClusterSnapshot.Archived snapshot = archived(body);

        assertThat(snapshot.tasks()).singleElement().extracting(ArchivedTask::phase).isEqualTo("Success");
        assertThat(snapshot.rejected()).singleElement().satisfies(r -> assertThat(r.rawText()).contains("Running"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            HTML error page          | <html><body>502 Bad Gateway</body></html> | body is not JSON
            truncated JSON           | {"items":[{"metadata":                      | body is not JSON
            JSON without items       | {"kind":"List"}                             | body has no items array
            items is not an array    | {"items":{"a":1}}                           | body has no items array
            """)
    void failsTheClusterWhenTheBodyIsNotATaskList(String description, String body, String reason) {
        ClusterSnapshot snapshot = processor.process(fetched(cluster, body));

        assertThat(snapshot).isInstanceOfSatisfying(ClusterSnapshot.Failed.class, failed -> {
            assertThat(failed.failure().kind()).isEqualTo(FailureClass.BAD_RESPONSE);
            assertThat(failed.failure().message()).contains(reason);
        });
    }

    @Test
    void passesAFailedFetchThrough() {
        var failure = new ApiFailure(FailureClass.NOT_FOUND, 404, "CCE.01404001", "Resource not found");

        ClusterSnapshot snapshot = processor.process(new ClusterFetch.Failed(cluster, failure, 1));

        assertThat(snapshot).isEqualTo(new ClusterSnapshot.Failed(cluster, 1, failure));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no uid                      | {"metadata":{"creationTimestamp":"2023-11-24 16:41:12 +0800 CST"}}
            a blank uid                 | {"metadata":{"uid":"  ","creationTimestamp":"2023-11-24 16:41:12 +0800 CST"}}
            a uid that is an object     | {"metadata":{"uid":{"a":1},"creationTimestamp":"2023-11-24 16:41:12 +0800 CST"}}
            not an object               | [1,2]
            """)
    void delistsNothingFromAResponseWithAnItemWhoseUidCannotBeRead(String description, String item) {
        ClusterSnapshot.Archived snapshot = archived("{\"items\":[" + item
                + ",{\"metadata\":{\"uid\":\"t1\",\"creationTimestamp\":\"2023-11-24 16:41:12 +0800 CST\"}}]}");

        assertThat(snapshot.listingComplete()).isFalse();
        assertThat(snapshot.listedTaskIds()).containsExactly("t1");
    }

    @Test
    void listsTheUidOfAQuarantinedItemSoThatItsTaskStaysListed() {
        ClusterSnapshot.Archived snapshot = archived("""
                {"items":[{"metadata":{"uid":"t1","creationTimestamp":"yesterday-ish"}}]}""");

        assertThat(snapshot.tasks()).isEmpty();
        assertThat(snapshot.rejected()).extracting(RejectedItem::taskId).containsExactly("t1");
        assertThat(snapshot.listedTaskIds()).containsExactly("t1");
        assertThat(snapshot.listingComplete()).isTrue();
    }

    @Test
    void carriesTheHorizonOfTheResponse() {
        assertThat(archived("{\"items\":[]}").horizon()).isEqualTo(RECEIVED.plus(Duration.ofDays(1)));
    }
}
