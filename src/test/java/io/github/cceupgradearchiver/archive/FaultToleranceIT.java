package io.github.cceupgradearchiver.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.simulator.CceApiSimulator;
import io.github.cceupgradearchiver.simulator.FaultOptions;
import io.github.cceupgradearchiver.simulator.Fleet;
import io.github.cceupgradearchiver.simulator.GeneratedFleet;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every fault the issue names, injected for real: a stand-in API with 503s, 429 + Retry-After, 404, 403 and
 * garbage; processes killed with SIGKILL and stopped with SIGTERM; database connections terminated. Each
 * test asserts the exit code and the rows afterwards.
 */
class FaultToleranceIT {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String AK = "FT-AK";
    static final String SK = "FT-SK";
    // The slow fleet that the interrupted runs archive: 8 clusters of 5 tasks, 300 ms a call.
    private static final int CLUSTERS = 8;
    private static final int TASKS = 5;

    CceApiSimulator simulator;
    final RequestLog requests = new RequestLog();

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
                .containsPattern("cluster throttled \\(c-throttled\\): attempt 1 of 3 failed: THROTTLED HTTP 429 .*retrying in 1[0-9]{3} ms")
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
