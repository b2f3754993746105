package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/** What a report says about the archive of {@link ReportFleet}, in Q1 2024 unless a test says otherwise. */
class ReportContentTest extends SeededArchive {

    static final ReportPeriod Q1_UTC = new ReportPeriod(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"), ZoneOffset.UTC);
    static final Pattern TASK_CELL = Pattern.compile("<td class=\"task\">([^<]+)");

    @Autowired
    ReportWriter writer;

    @Autowired
    PlatformTransactionManager transactionManager;

    @TempDir
    Path dir;

    @Test
    void readsEveryUpgradeThatStartedInThePeriodAndNoneOutsideIt() {
        // when
        Report report = load(Q1_UTC);

        // then
        assertThat(report.upgrades()).extracting(Upgrade::taskId).containsExactly("l-1", "p-3", "p-4", "l-2", "s-1", "s-2");
        assertThat(report.problems()).extracting(upgrade -> upgrade.taskId() + " " + upgrade.problem())
                .containsExactly("p-3 FAILED", "l-2 STUCK", "s-2 FAILED");
    }

    @Test
    void readsThePeriodAsDaysOfTheRequestedZone() {
        // when
        Report report = load(new ReportPeriod(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"),
                ZoneId.of("Asia/Shanghai")));

        // then
        assertThat(report.upgrades()).extracting(Upgrade::taskId)
                .as("s-0 started 2024-01-01 02:00 CST, s-2 on 2024-04-01 04:00 CST")
                .containsExactly("s-0", "l-1", "p-3", "p-4", "l-2", "s-1");
    }

    @Test
    void summarizesEachClusterWithItsVersionsWhenThePeriodStartedAndEnded() {
        // when
        List<ClusterSummary> summaries = load(Q1_UTC).clusters();

        // then
        assertThat(summaries).extracting(summary -> String.join(" ", summary.clusterName(),
                        summary.upgrades() + " upgrades", summary.succeeded() + " ok", summary.failed() + " failed",
                        summary.stuck() + " stuck", "median " + (summary.medianSeconds() == null ? "-"
                                : summary.medianSeconds().stripTrailingZeros().toPlainString()),
                        summary.versionAtStart() + " to " + summary.versionAtEnd()))
                .containsExactly(
                        ReportFleet.SCRIPT_NAME + " 2 upgrades 1 ok 0 failed 1 stuck median 600 v1.25.1-r0 to v1.27.3-r0",
                        "deleted-cluster 0 upgrades 0 ok 0 failed 0 stuck median - null to null",
                        "prod-payments 2 upgrades 1 ok 1 failed 0 stuck median 1800.5 v1.23.8-r10 to v1.25.5-r0",
                        "staging 2 upgrades 1 ok 1 failed 0 stuck median 1200 v1.28.1-r0 to v1.29.0-r1");
    }

    @Test
    void countsTheRunsFailedFetchesAndDaysWithoutASuccessfulFetchOfThePeriod() {
        // when
        Report report = load(Q1_UTC);

        // then
        assertThat(report.runs()).isEqualTo(new RunCounts(28, 11, 17, 0));
        assertThat(report.coverage()).containsExactly(
                new ClusterCoverage("c-ledger", ReportFleet.SCRIPT_NAME, 27, 1, "SERVER_ERROR", 4, "default"),
                new ClusterCoverage("c-gone", "deleted-cluster", 0, 17, "NOT_FOUND", 17, "default"),
                new ClusterCoverage("c-payments", "prod-payments", 28, 0, null, 3, "default"),
                new ClusterCoverage("c-staging", "staging", 28, 0, null, 3, "default"));
    }

    @Test
    void reportsOnlyTheClustersAskedForAndRefusesAnUnknownOne() {
        // when
        Report payments = load(request(Q1_UTC, List.of("c-payments"), ReportFormat.HTML));

        // then
        assertThat(payments.upgrades()).extracting(Upgrade::taskId).containsExactly("p-3", "p-4");
        assertThat(payments.clusters()).extracting(ClusterSummary::clusterId).containsExactly("c-payments");
        assertThatExceptionOfType(InvalidConfigurationException.class)
                .isThrownBy(() -> load(request(Q1_UTC, List.of("c-payments", "c-nope"), ReportFormat.HTML)))
                .withMessageStartingWith("--cluster: unknown cluster id 'c-nope'");
    }

    @Test
    void theHtmlIsWellFormedXhtmlWithTheScopeVerdictAndEveryUpgradeOfThePeriod() throws Exception {
        // when
        WrittenReport written = writer.write(request(Q1_UTC, List.of(), ReportFormat.HTML));

        // then
        String html = Files.readString(written.output());
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(TASK_CELL.matcher(html).results().map(cell -> cell.group(1)).distinct())
                .containsExactly("p-3", "l-2", "s-2", "l-1", "p-4", "s-1");
        assertThat(html).contains("Upgrade report 2024-01-01 to 2024-03-31", "all 4 clusters in the archive",
                "by cce-upgrade-archiver test", "Archive intact", verifier.verify().headDigest(),
                "28 archive runs started in the period", "<svg xmlns=\"http://www.w3.org/2000/svg\"",
                "2024-03-06 02:00:00", "2024-03-06 10:00:00", "30 min 1 s", "no longer listed by the API");
        assertThat(html).contains("<li>setup: one login: ", "<li>signatures: not checked (no archiver.integrity.public-key)",
                "<li>witness: not checked (no archiver.integrity.witness-dir)</li>");
        assertThat(written.sha256()).isEqualTo(sha256(written.output()));
        assertThat(written).extracting(WrittenReport::clusters, WrittenReport::upgrades, WrittenReport::failed,
                WrittenReport::stuck).containsExactly(4, 6, 2, 1);
    }

    @Test
    void theHtmlEscapesTextFromTheApi() throws Exception {
        // when
        String html = Files.readString(writer.write(request(Q1_UTC, List.of(), ReportFormat.HTML)).output());

        // then
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "Paused &amp; Waiting")
                .doesNotContain("<script", ReportFleet.PAUSED);
    }

    @Test
    void theHtmlOfAQuietPeriodSaysSo() throws Exception {
        // when
        String html = Files.readString(writer.write(request(
                new ReportPeriod(LocalDate.parse("2020-01-01"), LocalDate.parse("2020-01-31"), ZoneOffset.UTC),
                List.of(), ReportFormat.HTML)).output());

        // then
        assertThat(html).contains("No upgrade started in the period.", "No upgrade of the period has completed.",
                "0 failed and 0 stuck of 0 upgrades").doesNotContain("<svg");
    }

    @Test
    void theHtmlCallsOutAnAlteredArchive() throws Exception {
        // given
        jdbc.sql("UPDATE upgrade_history.upgrade_task SET phase = 'Failed' WHERE task_id = 'l-1'").update();
        try {
            // when
            WrittenReport written = writer.write(request(Q1_UTC, List.of(), ReportFormat.HTML));

            // then
            assertThat(written.verification().intact()).isFalse();
            assertThat(Files.readString(written.output())).contains("<section class=\"integrity altered\">",
                    "ARCHIVE ALTERED: upgrade_task (cluster c-ledger, task l-1): phase does not match its latest revision");
        } finally {
            jdbc.sql("UPDATE upgrade_history.upgrade_task SET phase = 'Success' WHERE task_id = 'l-1'").update();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void aViewTheSchemasOwnerReplacedDoesNotShapeTheReport() {
        // given: the owner replaces v_upgrade (and so v_failed_upgrade) to hide the failed upgrades
        String original = jdbc.sql("SELECT pg_get_viewdef('upgrade_history.v_upgrade'::regclass, true)")
                .query(String.class).single().strip().replaceAll(";$", "");
        jdbc.sql("CREATE OR REPLACE VIEW upgrade_history.v_upgrade AS " + original
                + " WHERE t.phase IS DISTINCT FROM 'Failed'").update();
        try {
            assertThat(jdbc.sql("SELECT count(*) FROM upgrade_history.v_failed_upgrade WHERE phase = 'Failed'")
                    .query(Long.class).single()).as("the forged view hides the failures").isZero();

            // when
            Report report = load(Q1_UTC);

            // then: the report reads the base tables, and still shows them
            assertThat(report.verification().intact()).isTrue();
            assertThat(report.problems()).extracting(upgrade -> upgrade.taskId() + " " + upgrade.problem())
                    .containsExactly("p-3 FAILED", "l-2 STUCK", "s-2 FAILED");
        } finally {
            jdbc.sql("CREATE OR REPLACE VIEW upgrade_history.v_upgrade AS " + original).update();
        }
    }

    @Test
    void theCsvHasOneRowPerUpgradeWithIsoTimesInUtcAndChina() throws Exception {
        // when
        WrittenReport written = writer.write(request(Q1_UTC, List.of(), ReportFormat.CSV));

        // then: no evidence is archived for these upgrades, so its ten columns are empty
        String csv = Files.readString(written.output());
        assertThat(csv).startsWith("\uFEFF").endsWith("\r\n");
        assertThat(csv.substring(1).split("\r\n")).containsExactly(
                "task_id,cluster_id,cluster_name,source_version,target_version,phase,problem,created_at_utc,completed_at_utc,"
                        + "created_at_cst,completed_at_cst,duration_seconds,listed,workflow_id,precheck_task_id,precheck_phase,"
                        + "precheck_link,precheck_warnings,precheck_risks,precheck_skipped,snapshot_task_id,snapshot_phase,"
                        + "snapshot_link",
                "l-1,c-ledger,<script>alert(1)</script>,v1.25.1-r0,v1.27.3-r0,Success,,2024-02-01T01:00:00.000000Z,"
                        + "2024-02-01T01:10:00.000000Z,2024-02-01T09:00:00.000000+08:00,2024-02-01T09:10:00.000000+08:00,600.000000,true,,,,,,,,,,",
                "p-3,c-payments,prod-payments,v1.23.8-r10,v1.25.5-r0,Failed,FAILED,2024-03-05T02:00:00.000000Z,"
                        + "2024-03-05T02:12:00.000000Z,2024-03-05T10:00:00.000000+08:00,2024-03-05T10:12:00.000000+08:00,720.000000,true,,,,,,,,,,",
                "p-4,c-payments,prod-payments,v1.23.8-r10,v1.25.5-r0,Success,,2024-03-06T02:00:00.000000Z,"
                        + "2024-03-06T02:30:00.500000Z,2024-03-06T10:00:00.000000+08:00,2024-03-06T10:30:00.500000+08:00,1800.500000,true,,,,,,,,,,",
                "l-2,c-ledger,<script>alert(1)</script>,v1.27.3-r0,v1.28.1-r0,Paused & Waiting,STUCK,2024-03-10T01:00:00.000000Z,"
                        + ",2024-03-10T09:00:00.000000+08:00,,,true,,,,,,,,,,",
                "s-1,c-staging,staging,v1.28.1-r0,v1.29.0-r1,Success,,2024-03-15T08:00:00.000000Z,"
                        + "2024-03-15T08:20:00.000000Z,2024-03-15T16:00:00.000000+08:00,2024-03-15T16:20:00.000000+08:00,1200.000000,false,,,,,,,,,,",
                "s-2,c-staging,staging,v1.29.0-r1,v1.29.1-r0,Failed,FAILED,2024-03-31T20:00:00.000000Z,"
                        + "2024-03-31T20:30:00.000000Z,2024-04-01T04:00:00.000000+08:00,2024-04-01T04:30:00.000000+08:00,1800.000000,true,,,,,,,,,,");
    }

    @Test
    void thePdfIsTheSamePageLaidOut() throws Exception {
        // when
        WrittenReport written = writer.write(request(Q1_UTC, List.of(), ReportFormat.PDF));

        // then
        try (PDDocument pdf = Loader.loadPDF(written.output().toFile())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(pdf.getNumberOfPages()).isBetween(2, 6);
            assertThat(pdf.getDocumentInformation().getTitle()).isEqualTo("CCE upgrade history 2024-01-01 to 2024-03-31 (UTC)");
            assertThat(text).contains("Upgrade report 2024-01-01 to 2024-03-31", "Archive intact",
                    verifier.verify().headDigest(), ReportFleet.SCRIPT_NAME, ReportFleet.PAUSED, "v1.23.8-r10 \u2192 v1.25.5-r0",
                    "p-4", "s-2");
        }
        assertThat(written.sha256()).isEqualTo(sha256(written.output()));
    }

    private Report load(ReportPeriod period) {
        return load(request(period, List.of(), ReportFormat.HTML));
    }

    private Report load(ReportRequest request) {
        return new ReportLoader(new ReportQueries(jdbc), verifier, transactionManager, Clock.systemUTC()).load(request);
    }

    private ReportRequest request(ReportPeriod period, List<String> clusters, ReportFormat format) {
        return new ReportRequest(period, clusters, format, dir.resolve("report." + format.name().toLowerCase(Locale.ROOT)),
                "cce-upgrade-archiver test");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
