package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.simulator.Fleet;
import io.github.cceupgradearchiver.simulator.SimulatedCluster;
import io.github.cceupgradearchiver.simulator.SimulatedResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The API the report tests archive from, in two rounds (two archive runs): four clusters whose tasks sit on
 * the edges a report must get right. Q1 2024 is the period most tests report on.
 * <ul>
 *   <li>{@code c-payments} (prod-payments): the API documentation's two tasks of 2023, then in Q1 a failed
 *       attempt and a retry that is still running in round 1 and succeeded in round 2;</li>
 *   <li>{@code c-ledger}, named {@code <script>alert(1)</script>}: a success skipping minor 26, and a task paused
 *       since March 2024 in a phase with an ampersand, so stuck;</li>
 *   <li>{@code c-staging}: a task two hours before Q1 in UTC but inside it in China Standard Time, one that the
 *       API stops listing in round 2, a failure at the end of Q1 in UTC but in April in CST, one in April with an
 *       unparseable source version, and one started an hour ago (running, not stuck);</li>
 *   <li>{@code c-gone}: the API answers 404.</li>
 * </ul>
 * {@link #HISTORY} then adds the daily runs of March 2024, with a three-day outage and failed fetches. The report
 * tests use it, and so does the end-to-end test of the report command (cli.ReportCommandIT).
 */
public final class ReportFleet implements Fleet {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public static final String AK = "REPORT-AK";
    public static final String SK = "REPORT-SK";
    static final String SCRIPT_NAME = "<script>alert(1)</script>";
    static final String PAUSED = "Paused & Waiting";
    static final Instant AN_HOUR_AGO = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    /** Cluster id and name, as configured. */
    static final Map<String, String> CLUSTERS = Map.of(
            "c-payments", "prod-payments", "c-ledger", SCRIPT_NAME, "c-staging", "staging", "c-gone", "deleted-cluster");

    static final String EXAMPLE_1 = task("f40cafed-7bf1-4c3b-b619-80113b4bbb18", "2023-11-24 16:41:12.09236 +0800 CST",
            "v1.17.17-r0", "v1.19.16-r80", "Success", "2023-11-24 16:44:05.634206 +0800 CST");
    static final String EXAMPLE_2 = task("91755b96-5fd8-4a6a-bda1-983de9055996", "2023-11-24 19:54:35.194306 +0800 CST",
            "v1.19.16-r80", "v1.23.8-r10", "Success", "2023-11-24 20:14:35.194306 +0800 CST");
    static final String P_3 = task("p-3", "2024-03-05 10:00:00 +0800 CST", "v1.23.8-r10", "v1.25.5-r0", "Failed",
            "2024-03-05 10:12:00 +0800 CST");
    static final String P_4_RUNNING = task("p-4", "2024-03-06 10:00:00 +0800 CST", "v1.23.8-r10", "v1.25.5-r0", "Running", "");
    static final String P_4 = task("p-4", "2024-03-06 10:00:00 +0800 CST", "v1.23.8-r10", "v1.25.5-r0", "Success",
            "2024-03-06 10:30:00.5 +0800 CST");
    static final String L_1 = task("l-1", "2024-02-01T01:00:00Z", "v1.25.1-r0", "v1.27.3-r0", "Success", "2024-02-01T01:10:00Z");
    static final String L_2 = task("l-2", "2024-03-10T01:00:00Z", "v1.27.3-r0", "v1.28.1-r0", PAUSED, "");
    static final String S_0 = task("s-0", "2023-12-31T18:00:00Z", "v1.28.0-r0", "v1.28.1-r0", "Success", "2023-12-31T18:05:00Z");
    static final String S_1 = task("s-1", "2024-03-15T08:00:00Z", "v1.28.1-r0", "v1.29.0-r1", "Success", "2024-03-15T08:20:00Z");
    static final String S_2 = task("s-2", "2024-03-31T20:00:00Z", "v1.29.0-r1", "v1.29.1-r0", "Failed", "2024-03-31T20:30:00Z");
    static final String S_3 = task("s-3", "2024-04-02T00:00:00Z", "weird", "v1.29.2", "Success", "2024-04-02T00:10:00Z");
    static final String S_4 = task("s-4", AN_HOUR_AGO.toString(), "v1.29.2", "v1.30.0-r0", "Running", "");

    /**
     * The archive runs of March 2024, one a day at 02:00 UTC but none from the 10th to the 12th. c-gone is fetched
     * from the 15th on and fails every time; c-ledger's fetch fails on the 20th. Cluster fetches are not part of the
     * hash chain, so the archive stays intact.
     */
    public static final String HISTORY = """
            WITH day AS (
                SELECT d FROM generate_series(timestamptz '2024-03-01 02:00Z', timestamptz '2024-03-31 02:00Z',
                                              interval '1 day') d
                WHERE (d AT TIME ZONE 'UTC')::date NOT BETWEEN date '2024-03-10' AND date '2024-03-12'
            ), run AS (
                INSERT INTO upgrade_history.archive_run (started_at, finished_at, status, clusters_total, clusters_failed)
                SELECT d, d + interval '1 minute', CASE WHEN d < timestamptz '2024-03-15 00:00Z' THEN 'SUCCEEDED' ELSE 'PARTIAL' END,
                       CASE WHEN d < timestamptz '2024-03-15 00:00Z' THEN 3 ELSE 4 END,
                       CASE WHEN d < timestamptz '2024-03-15 00:00Z' THEN 0 WHEN (d AT TIME ZONE 'UTC')::date = date '2024-03-20' THEN 2 ELSE 1 END
                FROM day
                RETURNING run_id, started_at
            )
            INSERT INTO upgrade_history.cluster_fetch
                (run_id, project_id, region, cluster_id, cluster_name, fetched_at, outcome, http_status, error_class)
            SELECT run.run_id, '%1$s', 'cn-north-4', c.id, c.name, run.started_at + interval '10 seconds',
                   CASE WHEN c.id = 'c-gone' OR (c.id = 'c-ledger' AND (run.started_at AT TIME ZONE 'UTC')::date = date '2024-03-20')
                        THEN 'FAILED' ELSE 'OK' END,
                   CASE WHEN c.id = 'c-gone' THEN 404 WHEN c.id = 'c-ledger' AND (run.started_at AT TIME ZONE 'UTC')::date = date '2024-03-20'
                        THEN 503 ELSE 200 END,
                   CASE WHEN c.id = 'c-gone' THEN 'NOT_FOUND' WHEN c.id = 'c-ledger' AND (run.started_at AT TIME ZONE 'UTC')::date = date '2024-03-20'
                        THEN 'SERVER_ERROR' END
            FROM run CROSS JOIN (VALUES ('c-payments', 'prod-payments'), ('c-ledger', '%2$s'), ('c-staging', 'staging'),
                                        ('c-gone', 'deleted-cluster')) AS c(id, name)
            WHERE c.id <> 'c-gone' OR run.started_at >= timestamptz '2024-03-15 00:00Z'
            """.formatted(PROJECT, SCRIPT_NAME);

    private volatile int round = 1;

    public ReportFleet() {
    }

    /** Which archive run the API answers next: 1 or 2. */
    public void round(int round) {
        this.round = round;
    }

    @Override
    public List<SimulatedCluster> clusters(String projectId) {
        return List.of();
    }

    @Override
    public Optional<SimulatedResponse> upgradeTasks(String projectId, String clusterId, int attempt) {
        List<String> tasks = switch (clusterId) {
            case "c-payments" -> List.of(EXAMPLE_1, EXAMPLE_2, P_3, round == 1 ? P_4_RUNNING : P_4);
            case "c-ledger" -> List.of(L_1, L_2);
            case "c-staging" -> round == 1 ? List.of(S_0, S_1, S_2, S_3, S_4) : List.of(S_0, S_2, S_3, S_4);
            default -> null;
        };
        return Optional.ofNullable(tasks).map(items -> SimulatedResponse.ok(
                "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"metadata\":{},\"items\":[" + String.join(",", items) + "]}"));
    }

    /** The archiver's configuration for this API, as application.yml. */
    public static String configuration(String endpoint) {
        return "archiver:\n  api:\n    endpoint: " + endpoint + "\n  clusters:\n" + CLUSTERS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(cluster -> "    - {project-id: %s, region: cn-north-4, cluster-id: %s, name: '%s'}\n"
                        .formatted(PROJECT, cluster.getKey(), cluster.getValue()))
                .collect(Collectors.joining());
    }

    private static String task(String uid, String created, String from, String to, String phase, String completed) {
        String updated = completed.isEmpty() ? created : completed;
        return """
                {"kind":"UpgradeTask","apiVersion":"v3","metadata":{"uid":"%s","creationTimestamp":"%s","updateTimestamp":"%s"},\
                "spec":{"version":"%s","targetVersion":"%s"},"status":{"phase":"%s","progress":"%s","completionTime":"%s"}}"""
                .formatted(uid, created, updated, from, to, phase, phase.equals("Success") ? "100" : "40", completed);
    }
}
