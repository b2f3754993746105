package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.cce.ApiAnswer;
import io.github.cceupgradearchiver.cce.ApiTimestamps;
import io.github.cceupgradearchiver.cce.EvidenceNormalizer;
import io.github.cceupgradearchiver.cce.ApiJson;
import io.github.cceupgradearchiver.cce.ClusterRef;
import io.github.cceupgradearchiver.cce.ParseResult;
import io.github.cceupgradearchiver.cce.TaskListBody;
import io.github.cceupgradearchiver.cce.UpgradeTaskNormalizer;
import io.github.cceupgradearchiver.history.ArchiveSealer;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.text.SafeText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A property of the whole path from body to PostgreSQL, checked on thousands of random and mutated items (random
 * strings with NULs, control characters and unpaired surrogates, extreme and malformed dates, huge numbers, missing
 * and wrongly typed fields, duplicated uids, deep nesting), each response beside good siblings: the cluster is never
 * failed by its items, every item is archived or quarantined, every good sibling is archived, and verify, which
 * derives the columns again from what was stored, finds the archive intact. A fixed seed per trial, printed on
 * failure, replays it.
 */
@SpringBootTest
class HostileItemsPropertyTest {

    private static final int TRIALS = 250;
    private static final long SEED = 20_240_601L;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // An escaped unpaired surrogate cannot be written by a JSON writer: a marker is replaced in the text.
    private static final String LONE_SURROGATE_MARKER = "@@LONE@@";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    UpgradeTaskNormalizer normalizer;

    @Autowired
    ArchiveSealer sealer;

    @Autowired
    ArchiveVerifier verifier;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
    }

    @Test
    void everyItemIsArchivedOrQuarantinedAndEveryGoodSiblingArchived() {
        long runId = new ArchiveRuns(jdbc).open(TRIALS, "default", clock.instant());
        ClusterSnapshotProcessor processor = new ClusterSnapshotProcessor(normalizer,
                new EvidenceNormalizer(new ApiTimestamps(ZoneOffset.UTC), Duration.ofDays(1)));
        int items = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            long seed = SEED + trial;
            Random random = new Random(seed);
            ClusterRef cluster = new ClusterRef("p1", "cn-north-4", "c-" + trial, null);
            List<String> good = new ArrayList<>();
            List<String> all = new ArrayList<>();
            int count = 1 + random.nextInt(30);
            for (int i = 0; i < count; i++) {
                String item;
                if (random.nextInt(3) == 0) {
                    item = goodItem(random, "good-" + trial + "-" + i);
                    good.add("good-" + trial + "-" + i);
                } else {
                    item = hostileItem(random, trial, i);
                }
                all.add(item);
            }
            String body = "{\"kind\":\"List\",\"items\":[" + String.join(",", all) + "]}";
            items += all.size();

            ClusterSnapshot snapshot = processor.process(new ClusterFetch.Fetched(cluster,
                    new ApiAnswer(body, clock.instant()), ArchivedResponse.sha256(body), 1, List.of()));
            ClusterOutcome outcome = write(snapshot, runId);

            String replay = "trial " + trial + " (seed " + seed + "), body: " + SafeText.storable(body, 2_000);
            assertThat(outcome.failure()).as(replay).isNull();
            assertThat(outcome.seen()).as(replay).isEqualTo(all.size());
            assertThat(archivedTaskIds(cluster)).as(replay).containsAll(good);
            assertEveryItemArchivedOrQuarantined(cluster, all, replay);
        }
        sealer.seal(runId, clock.instant());
        assertThat(items).isGreaterThan(3_000);
        // the generator reached every rule, and items on both sides of them
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task").query(Integer.class).single()).isGreaterThan(1_000);
        assertThat(jdbc.sql("SELECT reason FROM upgrade_history.rejected_task").query(String.class).list())
                .anyMatch(reason -> reason.contains("contains a NUL character"))
                .anyMatch(reason -> reason.contains("contains an unpaired surrogate"))
                .anyMatch(reason -> reason.contains("characters written out in full"))
                .anyMatch(reason -> reason.contains("characters long; the archive keeps uids of at most"))
                .anyMatch(reason -> reason.contains("is outside 0001-01-01..9999-12-31 UTC"))
                .anyMatch(reason -> reason.contains("is more than archiver.max-clock-skew"))
                .anyMatch(reason -> reason.contains("unparseable timestamp"))
                .anyMatch(reason -> reason.contains("is not a scalar"))
                .anyMatch(reason -> reason.contains("metadata.uid is missing"))
                .anyMatch(reason -> reason.contains("listed more than once"));
        var verification = verifier.verify();
        assertThat(verification.intact()).as(verification.describe()).isTrue();
    }

    private void assertEveryItemArchivedOrQuarantined(ClusterRef cluster, List<String> items, String replay) {
        Set<String> quarantined = new HashSet<>(jdbc.sql(
                        "SELECT raw_text FROM upgrade_history.rejected_task WHERE cluster_id = :clusterId")
                .param("clusterId", cluster.clusterId()).query(String.class).list());
        for (String item : items) {
            if (quarantined.contains(SafeText.storable(item, Integer.MAX_VALUE))) {
                continue;
            }
            boolean archived = jdbc.sql("""
                            SELECT count(*) FROM upgrade_history.upgrade_task
                            WHERE cluster_id = :clusterId AND raw = CAST(:item AS jsonb)""")
                    .param("clusterId", cluster.clusterId()).param("item", item).query(Integer.class).single() == 1;
            assertThat(archived).as("neither archived nor quarantined: " + SafeText.storable(item, 500) + " in " + replay)
                    .isTrue();
        }
    }

    private List<String> archivedTaskIds(ClusterRef cluster) {
        return jdbc.sql("SELECT task_id FROM upgrade_history.upgrade_task WHERE cluster_id = :clusterId")
                .param("clusterId", cluster.clusterId()).query(String.class).list();
    }

    private ClusterOutcome write(ClusterSnapshot snapshot, long runId) {
        var outcomes = new ArrayList<ClusterOutcome>();
        TransactionTemplate chunk = new TransactionTemplate(transactionManager);
        TransactionTemplate savepoint = new TransactionTemplate(transactionManager);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        chunk.executeWithoutResult(status -> new ClusterSnapshotWriter(jdbc, savepoint, new ArchivedResponses(jdbc),
                new ClusterFetches(jdbc), clock, runId, outcomes::add).write(Chunk.of(snapshot)));
        return outcomes.get(0);
    }

    /** A task as the API documents it, with times it could really have. */
    private static String goodItem(Random random, String uid) {
        ObjectNode item = exampleItem(random);
        object(item, "metadata").put("uid", uid);
        object(item, "metadata").put("creationTimestamp", "2024-0" + (1 + random.nextInt(9)) + "-1"
                + random.nextInt(10) + " 1" + random.nextInt(10) + ":00:0" + random.nextInt(10) + "." + random.nextInt(1_000_000)
                + " +0800 CST");
        object(item, "metadata").put("updateTimestamp", "2025-01-01T00:00:00Z");
        object(item, "status").put("completionTime", "2025-01-01T00:00:00Z");
        return ApiJson.MAPPER.writeValueAsString(item);
    }

    /** The documented example, mutated: fields replaced by hostile values, removed, retyped, nested deep. */
    private static String hostileItem(Random random, int trial, int index) {
        JsonNode root = random.nextInt(20) == 0 ? hostileValue(random) : exampleItem(random);
        if (root instanceof ObjectNode item) {
            object(item, "metadata").put("uid", random.nextInt(10) == 0 ? "dup-" + trial : "h-" + trial + "-" + index);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                mutate(random, item);
            }
        }
        return ApiJson.MAPPER.writeValueAsString(root).replace(LONE_SURROGATE_MARKER, "\\ud800");
    }

    private static void mutate(Random random, ObjectNode item) {
        String[][] fields = {{"metadata", "uid"}, {"metadata", "creationTimestamp"}, {"metadata", "updateTimestamp"},
                {"status", "completionTime"}, {"status", "phase"}, {"status", "progress"}, {"spec", "version"},
                {"spec", "targetVersion"}};
        String[] field = fields[random.nextInt(fields.length)];
        ObjectNode parent = object(item, field[0]);
        switch (random.nextInt(6)) {
            case 0 -> parent.remove(field[1]);
            case 1 -> parent.set(field[1], hostileValue(random));
            case 2 -> parent.put(field[1], hostileTime(random));
            case 3 -> item.set(randomString(random), hostileValue(random));
            case 4 -> item.remove(field[0]);
            default -> parent.put(field[1], randomString(random));
        }
    }

    private static ObjectNode object(ObjectNode item, String name) {
        return item.get(name) instanceof ObjectNode object ? object : item.putObject(name);
    }

    private static JsonNode hostileValue(Random random) {
        List<Supplier<JsonNode>> values = List.of(
                () -> NODES.stringNode(randomString(random)),
                () -> NODES.numberNode(new BigDecimal("1e999999999")),
                () -> NODES.numberNode(new BigDecimal("1e-20000")),
                () -> NODES.numberNode(new BigDecimal("1e131071")),
                () -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(900)))),
                () -> NODES.numberNode(random.nextDouble() * 1e300),
                () -> NODES.booleanNode(random.nextBoolean()),
                NODES::nullNode,
                () -> NODES.arrayNode().add(randomString(random)).add(random.nextLong()),
                () -> NODES.objectNode().put(randomString(random), randomString(random)),
                () -> deep(random.nextInt(300)),
                () -> NODES.stringNode("u".repeat(random.nextBoolean() ? 257 : 10_000)));
        return values.get(random.nextInt(values.size())).get();
    }

    private static String hostileTime(Random random) {
        String[] times = {"0000-01-01 00:00:00 +0000 UTC", "0001-01-01 00:00:00 +0000 UTC", "0001-01-01 00:30:00 +0100 CET",
                "1700-03-01 00:00:00 +0000 UTC", "1000-03-01 12:00:00 +0000 UTC", "9999-12-31 23:59:59.999999999 +0000 UTC", "9999-12-31 23:00:00 -0200 X",
                "2023-02-30 10:00:00 +0800 CST", "2023-11-24 25:00:00 +0800 CST", "9999-12-31T23:59:59Z",
                "2099-01-01T00:00:00Z", "2026-01-03T03:04:05.000001Z", "2024-06-01 10:00:00 +0800 CST m=+1.5",
                "2024-06-01 10:00:00", "yesterday-ish", "", " ", "2024-06-01T10:00:00+14:00", "2024-06-01T10:00:00-14:59"};
        return times[random.nextInt(times.length)];
    }

    private static String randomString(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(8)) {
                case 0 -> text.append('\u0000');
                case 1 -> text.append((char) random.nextInt(0x20));
                case 2 -> text.append("\u001b[31m");
                case 3 -> text.append(LONE_SURROGATE_MARKER);
                case 4 -> text.append("😀集群\u202e");
                case 5 -> text.append("\"\\/");
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.stringNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("d", node);
        }
        return node;
    }

    private static ObjectNode exampleItem(Random random) {
        var items = ((ParseResult.Parsed<List<TaskListBody.Item>>) TaskListBody.items(Fixtures.exampleUpgradeTasks())).value();
        return (ObjectNode) items.get(random.nextInt(items.size())).node().deepCopy();
    }
}
