package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.history.Sha256;
import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.Fleet;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
import io.github.cceupgradearchiver.simulator.HostileFleet;
import io.github.cceupgradearchiver.simulator.RequestLog;
import io.github.cceupgradearchiver.simulator.ScriptedFleet;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import io.github.cceupgradearchiver.simulator.SimulatorOptions;
import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Running;
import io.github.cceupgradearchiver.testsupport.Fixtures;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every fault the issues name, injected for real: a stand-in API with 503s, 429 + Retry-After, 404, 403, garbage,
 * poisoned items, huge, gzip-bomb and dripping bodies and NULs in error bodies, hostile discovered ids; processes
 * killed with SIGKILL and stopped with SIGTERM; database connections terminated, the lock's alone; data PostgreSQL
 * refuses. Each test asserts the exit code and the rows afterwards.
 */
class FaultToleranceIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String AK = "FT-AK";
    static final String SK = "FT-SK";
    static final Pattern SENT_PATHS = Pattern.compile("/(autopilot|api)/v3(\\.1)?/projects/(" + PROJECT + "|"
            + HostileFleet.DISCOVERED + "|" + HostileFleet.OTHER + ")/clusters(/[0-9A-Za-z-]{1,64}/(operation/upgrade/tasks"
            + "|operation/precheck/tasks|operation/snapshot/tasks|operation/upgradeworkflows|upgradeinfo))?");
    // The slow fleet that the interrupted runs archive: 8 clusters of 5 tasks, 300 ms a call.
    private static final int CLUSTERS = 8;
    private static final int TASKS = 5;

    CceApiSimulator simulator;
    final RequestLog requests = new RequestLog();
    final AtomicLong hugeSent = new AtomicLong();

    @BeforeEach
    void emptyArchive() {
        ArchiveDatabase.reset();
    }

    @AfterEach
    void stopApi() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void archivesHealthyAndTransientClustersAndRecordsEachPermanentFailure() throws Exception {
        // given
        String example = Fixtures.exampleUpgradeTasks();
        start(ScriptedFleet.builder()
                .cluster(PROJECT, "c-ok", "healthy", SimulatedResponse.ok(example))
                .cluster(PROJECT, "c-flaky", "flaky", SimulatedResponse.serverError(), SimulatedResponse.serverError(),
                        SimulatedResponse.ok(example))
                .cluster(PROJECT, "c-throttled", "throttled", SimulatedResponse.throttled(1), SimulatedResponse.ok(example))
                .cluster(PROJECT, "c-gone", "deleted", SimulatedResponse.notFound("c-gone"))
                .cluster(PROJECT, "c-forbidden", "forbidden", SimulatedResponse.error(403,
                        "{\"errorCode\":\"CCE.01403002\",\"errorMessage\":\"The upgrade API is not enabled for this account\"}"))
                .cluster(PROJECT, "c-garbage", "garbage", SimulatedResponse.ok("<html><body>maintenance</body></html>"))
                .cluster(PROJECT, "c-down", "down", SimulatedResponse.serverError())
                .build(), Duration.ZERO);

        // when
        Result result = archive(Map.of("c-ok", "healthy", "c-flaky", "flaky", "c-throttled", "throttled", "c-gone", "deleted",
                        "c-forbidden", "forbidden", "c-garbage", "garbage", "c-down", "down"))
                .args("--archiver.api.max-attempts=3", "--archiver.api.initial-backoff=50ms").run();

        // then
        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(TestPostgres.query("""
                SELECT cluster_id || ' ' || outcome || ' ' || coalesce(error_class, '-') || ' '
                       || coalesce(http_status::text, '-') || ' ' || coalesce(error_code, '-') || ' ' || attempts
                FROM upgrade_history.cluster_fetch ORDER BY cluster_id""")).containsExactly(
                "c-down FAILED SERVER_ERROR 503 CCE.01500001 3",
                "c-flaky OK - 200 - 3",
                "c-forbidden FAILED FORBIDDEN 403 CCE.01403002 1",
                "c-garbage FAILED BAD_RESPONSE 200 - 1",
                "c-gone FAILED NOT_FOUND 404 CCE.01404001 1",
                "c-ok OK - 200 - 1",
                "c-throttled OK - 200 - 2");
        assertThat(TestPostgres.query("SELECT error_message FROM upgrade_history.cluster_fetch WHERE cluster_id = 'c-forbidden'"))
                .containsExactly("The upgrade API is not enabled for this account");
        assertThat(requests.taskRequests("c-gone")).isEqualTo(1);
        assertThat(requests.taskRequests("c-forbidden")).isEqualTo(1);
        assertThat(requests.taskRequests("c-down")).isEqualTo(3);
        assertThat(result.output())
                .containsPattern("cluster throttled \\(c-throttled, account default\\): attempt 1 of 3 failed: THROTTLED HTTP 429 .*retrying in 1[0-9]{3} ms")
                .contains("4 failed: deleted (NOT_FOUND 404), down (SERVER_ERROR 503), forbidden (FORBIDDEN 403), garbage (BAD_RESPONSE 200)");
        assertThat(TestPostgres.query("SELECT status || ' ' || clusters_failed FROM upgrade_history.archive_run")).containsExactly("PARTIAL 4");
        assertThat(TestPostgres.query("SELECT count(DISTINCT cluster_id)::text FROM upgrade_history.upgrade_task")).containsExactly("3");
    }

    @Test
    void anUnreachableApiFailsEveryClusterAsNetworkAndExitsThree() throws Exception {
        Result result = ArchiverProcess.command("archive", "--archiver.api.endpoint=http://127.0.0.1:9",
                        "--archiver.api.max-attempts=2", "--archiver.api.initial-backoff=10ms",
                        "--archiver.clusters[0].project-id=" + PROJECT, "--archiver.clusters[0].region=cn-north-4",
                        "--archiver.clusters[0].cluster-id=c-1")
                .env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK).run();

        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(TestPostgres.query("SELECT error_class || ' ' || attempts FROM upgrade_history.cluster_fetch")).containsExactly("NETWORK 2");
    }

    @Test
    void aSecondRunWhileOneIsRunningExitsFourAndWritesNothing() throws Exception {
        // given
        start(new GeneratedFleet(PROJECT, 30, 3, 7), Duration.ofMillis(400));
        Running first = slowArchive().start();
        first.awaitOutput("OK:", Duration.ofSeconds(60));

        // when
        Result second = slowArchive().run();

        // then
        assertThat(second.exitCode()).as(second.output()).isEqualTo(4);
        assertThat(second.output()).contains("another archive run holds the archive lock", "this run wrote nothing");
        assertThat(first.await(Duration.ofMinutes(2)).exitCode()).isZero();
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.archive_run")).containsExactly("1");
        assertThat(TestPostgres.query("SELECT count(*)::text FROM batch_job_instance")).containsExactly("1");
    }

    @Test
    void aRunKilledHalfwayIsResumedWithoutFetchingFinishedClustersAgain() throws Exception {
        // given
        Running doomed = slowRunPartway(11, 3);

        // when
        doomed.process().destroyForcibly().waitFor();
        List<String> archivedBeforeKill = TestPostgres.query("SELECT cluster_id FROM upgrade_history.cluster_fetch");
        Result resumed = slowArchive().run();

        // then
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("is still marked STARTED but no process holds the archive lock",
                "resuming archive run 1: " + archivedBeforeKill.size() + " of " + CLUSTERS + " clusters were archived");
        assertThat(archivedBeforeKill).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(clusterId -> assertThat(requests.taskRequests(clusterId)).as(clusterId).isEqualTo(1));
        assertEverythingArchivedOnce();
    }

    @Test
    void aRunWhoseEndSpringBatchCouldNotRecordIsResumed() throws Exception {
        // given: a run that lost the database while recording its steps' ends (Spring Batch leaves them UNKNOWN)
        Running doomed = slowRunPartway(19, 2);
        doomed.process().destroyForcibly().waitFor();
        TestPostgres.query("WITH steps AS (UPDATE batch_step_execution SET status = 'UNKNOWN' WHERE status <> 'COMPLETED' RETURNING 1), "
                + "jobs AS (UPDATE batch_job_execution SET status = 'UNKNOWN', end_time = now() RETURNING 1) "
                + "SELECT (SELECT count(*) FROM steps) || ' ' || (SELECT count(*) FROM jobs)");

        // when
        Result resumed = slowArchive().run();

        // then
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("resuming archive run 1");
        assertEverythingArchivedOnce();
    }

    @Test
    void sigtermStopsTheRunWithinThirtySecondsAndTheNextRunCompletesIt() throws Exception {
        // given
        Running running = slowRunPartway(13, 2);

        // when
        long stopAsked = System.nanoTime();
        running.process().destroy();
        Result stopped = running.await(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - stopAsked);

        // then
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        assertThat(stopped.exitCode()).as(stopped.output()).isNotZero();
        assertThat(stopped.output()).contains("termination requested", "STOPPED");
        assertThat(TestPostgres.query("SELECT status FROM upgrade_history.archive_run")).containsExactly("STOPPED");

        assertTheNextRunCompletesIt();
    }

    @Test
    void terminatedDatabaseConnectionsFailTheRunClearlyAndTheNextRunCompletesIt() throws Exception {
        // given
        Running running = slowRunPartway(17, 2);

        // when
        TestPostgres.query("SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity "
                + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
        Result failed = running.await(Duration.ofMinutes(1));

        // then
        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("database problem").doesNotContain("\tat ");
        assertTheNextRunCompletesIt();
    }

    @Test
    void losingOnlyTheLockConnectionStopsTheRunAndTheNextRunCompletesIt() throws Exception {
        // given: a run of a slower fleet (30 clusters, 500 ms a call) that has archived two
        start(new GeneratedFleet(PROJECT, 30, 2, 23), Duration.ofMillis(500));
        Running running = slowArchive().start();
        awaitClustersArchived(running, 2);

        // when: the connection that holds the advisory lock, and only it, is cut
        List<String> cut = TestPostgres.query("SELECT pg_terminate_backend(pid)::text FROM pg_locks WHERE locktype = 'advisory' "
                + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "AND classid = x'43434541'::int AND objid = x'52434856'::int AND objsubid = 2 AND granted");
        Result stopped = running.await(Duration.ofMinutes(1));

        // then: the run stops instead of archiving beside a run that could now take the lock
        assertThat(cut).containsExactly("true");
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(1);
        assertThat(stopped.output()).contains("the connection holding the archive lock was lost", "STOPPED");
        assertThat(TestPostgres.query("SELECT status FROM upgrade_history.archive_run")).containsExactly("STOPPED");
        assertThat(Integer.parseInt(TestPostgres.query("SELECT count(*) FROM upgrade_history.cluster_fetch").get(0))).isLessThan(30);

        Result next = slowArchive().run();
        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(next.output()).contains("resuming archive run 1");
        assertThat(TestPostgres.query("SELECT status || ' ' || clusters_total FROM upgrade_history.archive_run"))
                .containsExactly("SUCCEEDED 30");
    }

    @Test
    void aRunLeftUnfinishedOnAnEarlierDayIsNotContinuedAndTheNextRunFetchesEveryCluster() throws Exception {
        // given: a run killed partway, as if yesterday
        Running doomed = slowRunPartway(29, 3);
        doomed.process().destroyForcibly().waitFor();
        TestPostgres.query("WITH r AS (UPDATE upgrade_history.archive_run SET started_at = started_at - interval '1 day' "
                + "RETURNING 1) SELECT count(*)::text FROM r");

        // when
        Result today = slowArchive().run();

        // then: yesterday's run stays as it was (closed as failed), today's is a run of its own over every cluster
        assertThat(today.exitCode()).as(today.output()).isZero();
        assertThat(today.output()).contains("archive run 1 of ", "did not finish; it stays as it is, and this run fetches every cluster");
        assertThat(TestPostgres.query("SELECT run_id || ' ' || status FROM upgrade_history.archive_run ORDER BY run_id"))
                .containsExactly("1 FAILED", "2 SUCCEEDED");
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.cluster_fetch WHERE run_id = 2 AND outcome = 'OK'"))
                .containsExactly(String.valueOf(CLUSTERS));
    }

    @Test
    void aClusterWhoseDataPostgresqlRefusesFailsAloneAndTheNextRunArchivesIt() throws Exception {
        // given: PostgreSQL refuses to store one cluster's response (here a constraint; in life a value it cannot hold)
        GeneratedFleet fleet = new GeneratedFleet(PROJECT, 4, 3, 31);
        String refused = fleet.clusters(PROJECT).get(1).clusterId();
        start(fleet, Duration.ZERO);
        ArchiverProcess.command("verify").run(); // the schema exists (Flyway) before it is altered
        try (var connection = TestPostgres.connect(); var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE upgrade_history.cluster_response ADD CONSTRAINT test_refuses "
                    + "CHECK (cluster_id <> '" + refused + "') NOT VALID");
        }
        Result first;
        try {
            // when
            first = slowArchive().run();
        } finally {
            try (var connection = TestPostgres.connect(); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE upgrade_history.cluster_response DROP CONSTRAINT test_refuses");
            }
        }

        // then: that cluster failed, with PostgreSQL's reason; every other one is archived; the run went on
        assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
        assertThat(TestPostgres.query("SELECT cluster_id || ' ' || error_class FROM upgrade_history.cluster_fetch WHERE outcome = 'FAILED'"))
                .containsExactly(refused + " UNSTORABLE");
        assertThat(TestPostgres.query("SELECT count(DISTINCT cluster_id)::text FROM upgrade_history.upgrade_task")).containsExactly("3");

        Result second = slowArchive().run();
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(TestPostgres.query("SELECT count(DISTINCT cluster_id)::text FROM upgrade_history.upgrade_task")).containsExactly("4");
    }

    /**
     * The issue's "done when", end to end on the packaged jar in a 256 MiB heap: a stand-in fleet with one poisoned
     * item of each kind beside good ones, hostile bodies (200 MB, a gzip bomb, a drip, NULs in error bodies),
     * hostile discovered ids, one cluster id under two projects, and a task seen once with a far-future timestamp.
     * Every good item is archived, every bad one quarantined or its cluster recorded as failed with the reason, the
     * run ends with exit 3, no request path was rewritten, and the next run fetches every cluster again.
     */
    @Test
    void nothingTheApiSendsStopsTheArchive() throws Exception {
        // given
        simulator = CceApiSimulator.start(HostileFleet.fleet(hugeSent),
                new SimulatorOptions(0, Map.of(AK, SK), Duration.ZERO, FaultOptions.none()), requests);

        // when
        Result first = hostileArchive().run();

        // then: exit 3, and each cluster's outcome with its reason
        assertThat(first.exitCode()).as(first.output()).isEqualTo(3);
        assertThat(fetches(1)).containsExactlyInAnyOrder(
                "c-good OK - 1/0",
                "c-poison OK - 3/6",
                "c-future OK - 0/1",
                "c-huge FAILED BAD_RESPONSE 0/0",
                "c-bomb FAILED BAD_RESPONSE 0/0",
                "c-drip FAILED NETWORK 0/0",
                "c-nul500 FAILED SERVER_ERROR 0/0",
                "c-nul403 FAILED FORBIDDEN 0/0",
                "d-ok OK - 1/0",
                "../../../../v3/projects/x FAILED BAD_RESPONSE 0/0",
                "a,b FAILED BAD_RESPONSE 0/0",
                "{project_id} FAILED BAD_RESPONSE 0/0",
                "x?y#z FAILED BAD_RESPONSE 0/0",
                HostileFleet.LONG_ID.substring(0, 80) + "… (9920 more characters) #"
                        + Sha256.hex(HostileFleet.LONG_ID.getBytes(StandardCharsets.UTF_8)).substring(0, 12)
                        + " FAILED BAD_RESPONSE 0/0",
                "d-badname FAILED BAD_RESPONSE 0/0",
                "c-shared FAILED BAD_RESPONSE 0/0");
        assertThat(message("c-huge")).startsWith("the body exceeds archiver.api.max-body-size (16MB)");
        assertThat(hugeSent.get()).isLessThan(100L << 20);
        assertThat(message("c-bomb")).contains("once decompressed");
        assertThat(message("c-drip")).startsWith("no complete answer within archiver.api.call-timeout (10s");
        assertThat(message("c-nul500")).startsWith("bad\\u0000news");
        assertThat(TestPostgres.query("SELECT length(error_code) FROM upgrade_history.cluster_fetch WHERE cluster_id = 'c-nul500'"))
                .singleElement().satisfies(length -> assertThat(Integer.parseInt(length)).isLessThan(200));
        assertThat(message("c-shared")).isEqualTo("cluster c-shared is listed under project " + HostileFleet.DISCOVERED
                + " (autopilot) and under project " + HostileFleet.OTHER
                + " (autopilot): a cluster id belongs to one project and one family, so it is archived from neither");
        assertThat(message("a,b")).isEqualTo("discovered cluster 'a,b' named 'comma': cluster id is not an id: 1 to 64 "
                + "letters, digits and hyphens, starting with a letter or digit; it is not called");
        assertThat(message("d-badname")).contains("named 'evil\\n2099-01-01T00:00:00Z INFO forged\\u001b[31m'");

        // every good item archived, every bad one quarantined with its reason
        assertThat(TestPostgres.query("SELECT task_id || ' ' || coalesce(duration_seconds::text, '-') FROM upgrade_history.upgrade_task "
                + "WHERE cluster_id = 'c-poison' ORDER BY task_id")).containsExactly(
                "good-1 600.000000", "good-2 -", "p-1700 10224403200.000000");
        assertThat(TestPostgres.query("SELECT reason FROM upgrade_history.rejected_task WHERE cluster_id = 'c-poison' ORDER BY reason"))
                .hasSize(6)
                .anySatisfy(reason -> assertThat(reason).contains("metadata.creationTimestamp 0000-06-01T00:00:00Z is outside"))
                .anySatisfy(reason -> assertThat(reason).contains("status.completionTime +10000-01-01T01:00:00Z is outside"))
                .anySatisfy(reason -> assertThat(reason).contains("item.metadata.uid contains a NUL character"))
                .anySatisfy(reason -> assertThat(reason).contains("metadata.uid is 10000 characters long"))
                .anySatisfy(reason -> assertThat(reason).contains("is more than archiver.max-clock-skew"))
                .anySatisfy(reason -> assertThat(reason).contains("item.status.progress is a number of more than 1000 characters"));
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task WHERE cluster_id = 'c-future'"))
                .containsExactly("0");

        // no request path was rewritten: every one is a project's clusters list or a valid cluster's task list
        assertThat(requests.paths()).isNotEmpty().allSatisfy(path -> assertThat(path).matches(SENT_PATHS));
        // nothing the API sent reached the log raw
        assertThat(first.output()).doesNotContain("\u001b", "\u0000")
                .doesNotContainPattern("(?m)^2099-01-01T00:00:00Z INFO forged");

        // when: the next run
        Result second = hostileArchive().run();

        // then: a new run that fetches every cluster again, and the real state after the far-future one is archived
        assertThat(second.exitCode()).as(second.output()).isEqualTo(3);
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.cluster_fetch WHERE run_id = 2"))
                .containsExactly("16");
        assertThat(requests.taskRequests("c-good")).isEqualTo(2);
        assertThat(TestPostgres.query("SELECT phase FROM upgrade_history.upgrade_task WHERE task_id = 'f-1'"))
                .containsExactly("Success");
        Result verify = ArchiverProcess.command("verify").run();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    private ArchiverProcess hostileArchive() {
        return ArchiverProcess.command("archive").args(HostileFleet.arguments(simulator.endpoint()).toArray(String[]::new))
                .jvm("-Xmx256m").env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK);
    }

    private static List<String> fetches(int runId) throws Exception {
        return TestPostgres.query("SELECT cluster_id || ' ' || outcome || ' ' || coalesce(error_class, '-') || ' ' "
                + "|| tasks_seen - tasks_rejected || '/' || tasks_rejected FROM upgrade_history.cluster_fetch WHERE run_id = " + runId);
    }

    private static String message(String clusterId) throws Exception {
        return TestPostgres.query("SELECT error_message FROM upgrade_history.cluster_fetch WHERE run_id = 1 AND cluster_id = '"
                + clusterId.replace("'", "''") + "'").get(0);
    }


    /** A run of the slow fleet (seeded), interrupted by the test once {@code archived} clusters are in. */
    private Running slowRunPartway(long seed, int archived) throws Exception {
        start(new GeneratedFleet(PROJECT, CLUSTERS, TASKS, seed), Duration.ofMillis(300));
        Running running = slowArchive().start();
        awaitClustersArchived(running, archived);
        return running;
    }

    private void assertTheNextRunCompletesIt() throws Exception {
        Result resumed = slowArchive().run();
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertEverythingArchivedOnce();
    }

    private void start(Fleet fleet, Duration latency) {
        simulator = CceApiSimulator.start(fleet, new SimulatorOptions(0, Map.of(AK, SK), latency, FaultOptions.none()), requests);
    }

    private ArchiverProcess archive(Map<String, String> namesByClusterId) {
        List<String> args = new ArrayList<>(List.of("archive", "--archiver.api.endpoint=" + simulator.endpoint()));
        int i = 0;
        for (var cluster : namesByClusterId.entrySet()) {
            args.add("--archiver.clusters[" + i + "].project-id=" + PROJECT);
            args.add("--archiver.clusters[" + i + "].region=cn-north-4");
            args.add("--archiver.clusters[" + i + "].cluster-id=" + cluster.getKey());
            args.add("--archiver.clusters[" + i + "].name=" + cluster.getValue());
            i++;
        }
        return ArchiverProcess.command(args.toArray(String[]::new)).env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK);
    }

    /** One API call at a time against a slow API, so that a test can act in the middle of a run. */
    private ArchiverProcess slowArchive() {
        return ArchiverProcess.command("archive", "--archiver.api.endpoint=" + simulator.endpoint(),
                        "--archiver.discovery[0].project-id=" + PROJECT, "--archiver.discovery[0].region=cn-north-4",
                        "--archiver.api.concurrency=1", "--archiver.api.requests-per-second=100")
                .env("CLOUD_SDK_AK", AK).env("CLOUD_SDK_SK", SK);
    }

    private static void awaitClustersArchived(Running running, int clusters) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (running.output().split(" OK: ", -1).length - 1 < clusters) {
            assertThat(running.process().isAlive()).as(running.output()).isTrue();
            assertThat(System.nanoTime()).as("clusters archived in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Every cluster of the slow fleet fetched OK exactly once in the one run, every task archived once with one revision, and intact. */
    private void assertEverythingArchivedOnce() throws Exception {
        assertThat(TestPostgres.query("SELECT status || ' ' || clusters_total FROM upgrade_history.archive_run"))
                .containsExactly("SUCCEEDED " + CLUSTERS);
        assertThat(TestPostgres.query("SELECT count(*) || ' ' || count(DISTINCT cluster_id) FROM upgrade_history.cluster_fetch WHERE outcome = 'OK'"))
                .containsExactly(CLUSTERS + " " + CLUSTERS);
        int tasks = CLUSTERS * TASKS;
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task")).containsExactly(String.valueOf(tasks));
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.upgrade_task_revision")).containsExactly(String.valueOf(tasks));
        Result verify = ArchiverProcess.command("verify").run();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }
}
