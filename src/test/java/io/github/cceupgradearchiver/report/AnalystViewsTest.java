package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The views of V4 and V8 over the archive of {@link ReportFleet}. */
class AnalystViewsTest extends SeededArchive {

    static final List<String> VIEWS = List.of("v_cluster", "v_upgrade", "v_cluster_version_history",
            "v_failed_upgrade", "v_upgrade_monthly", "v_archive_coverage", "v_upgrade_evidence");

    @Test
    void vUpgradeSplitsVersionsIntoNumbersAndNullsThoseThatDoNotParse() {
        // when
        List<String> rows = jdbc.sql("""
                SELECT concat_ws(' ', task_id, source_major, source_minor, source_patch, coalesce(source_release::text, '-'),
                                 '>', target_major, target_minor, target_patch, coalesce(target_release::text, '-'))
                FROM upgrade_history.v_upgrade
                WHERE task_id IN ('f40cafed-7bf1-4c3b-b619-80113b4bbb18', '91755b96-5fd8-4a6a-bda1-983de9055996', 's-3')
                ORDER BY created_at""").query(String.class).list();

        // then
        assertThat(rows).containsExactly(
                "f40cafed-7bf1-4c3b-b619-80113b4bbb18 1 17 17 0 > 1 19 16 80",
                "91755b96-5fd8-4a6a-bda1-983de9055996 1 19 16 80 > 1 23 8 10",
                "s-3 - > 1 29 2 -");
    }

    @Test
    void vUpgradeShowsOneRowPerTaskWithItsClusterNameTimesInUtcAndChinaAndDurations() {
        // when
        Map<String, Object> p4 = jdbc.sql("""
                SELECT cluster_name, phase, finished, stuck, created_at_utc::text AS utc, created_at_cst::text AS cst,
                       completed_at_cst::text AS completed_cst, duration_seconds, duration::text AS duration, listed
                FROM upgrade_history.v_upgrade WHERE task_id = 'p-4'""").query().singleRow();

        // then
        assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.v_upgrade").query(Long.class).single())
                .isEqualTo(jdbc.sql("SELECT count(*) FROM upgrade_history.upgrade_task").query(Long.class).single())
                .isEqualTo(11);
        assertThat(p4).containsEntry("cluster_name", "prod-payments").containsEntry("phase", "Success")
                .containsEntry("finished", true).containsEntry("stuck", false)
                .containsEntry("utc", "2024-03-06 02:00:00").containsEntry("cst", "2024-03-06 10:00:00")
                .containsEntry("completed_cst", "2024-03-06 10:30:00.5").containsEntry("duration", "00:30:00.5")
                .containsEntry("listed", true);
        assertThat(p4.get("duration_seconds")).hasToString("1800.500000");
        assertThat(jdbc.sql("SELECT task_id FROM upgrade_history.v_upgrade WHERE NOT listed").query(String.class).list())
                .containsExactly("s-1");
        assertThat(jdbc.sql("SELECT DISTINCT cluster_name FROM upgrade_history.v_upgrade WHERE cluster_id = 'c-ledger'")
                .query(String.class).single()).isEqualTo(ReportFleet.SCRIPT_NAME);
    }

    @Test
    void vClusterVersionHistoryListsTheVersionsInOrderWithSkippedMinorsAndFailedAttempts() {
        // when
        List<String> payments = jdbc.sql("""
                SELECT concat_ws(' | ', step, version, coalesce(reached_at_utc::text, 'before the archive'),
                                 coalesce(task_id, '-'), coalesce(minors_skipped::text, '-'),
                                 coalesce(continuous::text, '-'), failed_attempts, coalesce(failed_targets, '-'),
                                 coalesce((left_at AT TIME ZONE 'UTC')::text, 'current'))
                FROM upgrade_history.v_cluster_version_history WHERE cluster_id = 'c-payments' ORDER BY step""")
                .query(String.class).list();

        // then
        assertThat(payments).containsExactly(
                "0 | v1.17.17-r0 | before the archive | - | - | - | 0 | - | 2023-11-24 08:44:05.634206",
                "1 | v1.19.16-r80 | 2023-11-24 08:44:05.634206 | f40cafed-7bf1-4c3b-b619-80113b4bbb18 | 1 | true | 0 | - | 2023-11-24 12:14:35.194306",
                "2 | v1.23.8-r10 | 2023-11-24 12:14:35.194306 | 91755b96-5fd8-4a6a-bda1-983de9055996 | 3 | true | 1 | v1.25.5-r0 | 2024-03-06 02:30:00.5",
                "3 | v1.25.5-r0 | 2024-03-06 02:30:00.5 | p-4 | 1 | true | 0 | - | current");
        assertThat(jdbc.sql("""
                SELECT concat_ws(' ', step, version, continuous::text, failed_attempts)
                FROM upgrade_history.v_cluster_version_history WHERE cluster_id = 'c-staging' ORDER BY step""")
                .query(String.class).list())
                .as("s-3 starts from 'weird', not from v1.29.0-r1: a version change the archive never saw")
                .containsExactly("0 v1.28.0-r0 0", "1 v1.28.1-r0 true 0", "2 v1.29.0-r1 true 1", "3 v1.29.2 false 0");
    }

    @Test
    void vFailedUpgradeListsFailuresAndTasksStuckLongerThanTheSetting() {
        // when
        List<String> problems = jdbc.sql("""
                SELECT concat_ws(' ', task_id, problem, how_long_seconds::bigint) FROM upgrade_history.v_failed_upgrade
                WHERE problem = 'FAILED' ORDER BY created_at""").query(String.class).list();
        Map<String, Object> stuck = jdbc.sql("""
                SELECT task_id, cluster_name, phase, how_long_seconds FROM upgrade_history.v_failed_upgrade
                WHERE problem = 'STUCK'""").query().singleRow();

        // then
        assertThat(problems).containsExactly("p-3 FAILED 720", "s-2 FAILED 1800");
        assertThat(stuck).containsEntry("task_id", "l-2").containsEntry("cluster_name", ReportFleet.SCRIPT_NAME)
                .containsEntry("phase", ReportFleet.PAUSED);
        long pausedSince = ChronoUnit.SECONDS.between(Instant.parse("2024-03-10T01:00:00Z"), Instant.now());
        assertThat(((Number) stuck.get("how_long_seconds")).doubleValue()).isCloseTo(pausedSince, within(120.0));
    }

    @Test
    void aLongerStuckAfterSettingMakesTheOldPausedTaskNoLongerStuck() {
        // given
        jdbc.sql("UPDATE upgrade_history.report_setting SET stuck_after = interval '100 years'").update();
        try {
            // when
            List<String> stuck = jdbc.sql("SELECT task_id FROM upgrade_history.v_failed_upgrade WHERE problem = 'STUCK'")
                    .query(String.class).list();

            // then
            assertThat(stuck).isEmpty();
        } finally {
            jdbc.sql("UPDATE upgrade_history.report_setting SET stuck_after = DEFAULT").update();
        }
        assertThat(jdbc.sql("SELECT stuck_after::text FROM upgrade_history.report_setting").query(String.class).single())
                .isEqualTo("06:00:00");
    }

    @Test
    void vUpgradeMonthlyCountsAndMeasuresTheUpgradesOfEachMonthAndCluster() {
        // when
        Map<String, Object> march = jdbc.sql("""
                SELECT started, succeeded, failed, unfinished, success_rate, median_duration_seconds, p95_duration_seconds,
                       median_duration::text AS median
                FROM upgrade_history.v_upgrade_monthly WHERE cluster_id = 'c-payments' AND month = date '2024-03-01'""")
                .query().singleRow();
        Map<String, Object> november = jdbc.sql("""
                SELECT started, success_rate, median_duration_seconds, p95_duration_seconds
                FROM upgrade_history.v_upgrade_monthly WHERE cluster_id = 'c-payments' AND month = date '2023-11-01'""")
                .query().singleRow();

        // then
        assertThat(march).containsEntry("started", 2L).containsEntry("succeeded", 1L).containsEntry("failed", 1L)
                .containsEntry("unfinished", 0L).containsEntry("median", "00:30:00.5");
        assertThat(march.get("success_rate")).hasToString("0.5000");
        assertThat((Double) march.get("median_duration_seconds")).isEqualTo(1800.5);
        assertThat(november).containsEntry("started", 2L);
        assertThat(november.get("success_rate")).hasToString("1.0000");
        assertThat((Double) november.get("median_duration_seconds")).isCloseTo((173.541846 + 1200) / 2, within(1e-6));
        assertThat((Double) november.get("p95_duration_seconds"))
                .isCloseTo(173.541846 + 0.95 * (1200 - 173.541846), within(1e-6));
        assertThat(jdbc.sql("SELECT unfinished FROM upgrade_history.v_upgrade_monthly WHERE cluster_id = 'c-ledger'"
                + " AND month = date '2024-03-01'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void vArchiveCoverageShowsFirstAndLastFetchesAndTheDaysWithoutASuccessfulOne() {
        // given
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        // when
        Map<String, Object> payments = coverage("c-payments");
        Map<String, Object> gone = coverage("c-gone");

        // then
        assertThat(payments).containsEntry("first", "2024-03-01 02:00:10").containsEntry("first_success", "2024-03-01 02:00:10")
                .containsEntry("successful_fetches", 28L + 2).containsEntry("failed_fetches", 0L)
                .containsEntry("last_failure", null)
                .containsEntry("days_without_successful_fetch", ChronoUnit.DAYS.between(LocalDate.parse("2024-03-01"), today) - 28);
        assertThat(gone).containsEntry("first_success", null).containsEntry("successful_fetches", 0L)
                .containsEntry("failed_fetches", 17L + 2).containsEntry("last_failure_class", "NOT_FOUND")
                .containsEntry("days_without_successful_fetch", ChronoUnit.DAYS.between(LocalDate.parse("2024-03-15"), today));
        assertThat(coverage("c-ledger")).containsEntry("failed_fetches", 1L).containsEntry("last_failure_class", "SERVER_ERROR");
    }

    @Test
    void everyViewAndEachOfItsColumnsHasAComment() {
        // when
        List<String> undocumented = jdbc.sql("""
                SELECT c.relname || coalesce('.' || a.attname, '') FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'upgrade_history'
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.relkind = 'v' AND (obj_description(c.oid, 'pg_class') IS NULL
                                           OR col_description(c.oid, a.attnum) IS NULL)""").query(String.class).list();

        // then
        assertThat(jdbc.sql("SELECT viewname FROM pg_views WHERE schemaname = 'upgrade_history' ORDER BY viewname")
                .query(String.class).list()).containsExactlyInAnyOrderElementsOf(VIEWS);
        assertThat(undocumented).isEmpty();
    }

    @Test
    void theReadOnlyAnalystRoleCanSelectEveryView() throws Exception {
        assumeTrue(jdbc.sql("SELECT count(*) FROM pg_roles WHERE rolname = 'upgrade_history_reader'").query(Long.class).single() == 1,
                "the test database's user may not create roles, so the migrations created no upgrade_history_reader");
        try (Connection connection = TestPostgres.connect();
             Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            List<String> readable = new ArrayList<>();
            try {
                // given
                sql.execute("SET LOCAL ROLE upgrade_history_reader");

                // when
                for (String view : VIEWS) {
                    try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM upgrade_history." + view)) {
                        rows.next();
                        readable.add(view + (rows.getLong(1) > 0 ? " has rows" : " is empty"));
                    }
                }
            } finally {
                connection.rollback();
            }

            // then
            assertThat(readable).containsExactlyElementsOf(VIEWS.stream().map(view -> view + " has rows").toList());
        }
    }

    private Map<String, Object> coverage(String clusterId) {
        return jdbc.sql("""
                SELECT (first_fetch_at AT TIME ZONE 'UTC')::text AS first, (first_success_at AT TIME ZONE 'UTC')::text AS first_success, successful_fetches,
                       failed_fetches, last_failure_at AS last_failure, last_failure_class, days_without_successful_fetch
                FROM upgrade_history.v_archive_coverage WHERE cluster_id = :id""").param("id", clusterId).query().singleRow();
    }
}
