package io.github.cceupgradearchiver.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One row per upgrade of the period with the ids of its linked evidence, for spreadsheets: RFC 4180 (comma, CRLF, quotes doubled), UTF-8 with a
 * byte order mark so that Excel does not read it as ANSI, ISO 8601 times to the microsecond. A cell that a
 * spreadsheet would take for a formula (= + - @, tab, carriage return) gets a leading apostrophe.
 */
final class CsvReport {

    private static final List<String> HEADER = List.of("task_id", "cluster_id", "cluster_name", "source_version",
            "target_version", "phase", "problem", "created_at_utc", "completed_at_utc", "created_at_cst",
            "completed_at_cst", "duration_seconds", "listed", "workflow_id", "precheck_task_id", "precheck_phase",
            "precheck_link", "precheck_warnings", "precheck_risks", "precheck_skipped", "snapshot_task_id", "snapshot_phase",
            "snapshot_link");

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final Pattern FORMULA = Pattern.compile("^[=+\\-@\t\r]");
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]");

    private CsvReport() {
    }

    static byte[] render(Report report) {
        StringBuilder csv = new StringBuilder(BYTE_ORDER_MARK);
        row(csv, HEADER);
        for (Upgrade upgrade : report.upgrades()) {
            UpgradeEvidence evidence = upgrade.evidence();
            boolean prechecked = evidence.precheckTaskId() != null;
            row(csv, List.of(upgrade.taskId(), upgrade.clusterId(), upgrade.clusterName(),
                    text(upgrade.sourceVersion()), text(upgrade.targetVersion()), text(upgrade.phase()),
                    upgrade.problem() == null ? "" : upgrade.problem().name(),
                    utc(upgrade.createdAt()), utc(upgrade.completedAt()),
                    china(upgrade.createdAt()), china(upgrade.completedAt()),
                    upgrade.durationSeconds() == null ? "" : upgrade.durationSeconds().toPlainString(),
                    Boolean.toString(upgrade.listed()), text(evidence.workflowId()), text(evidence.precheckTaskId()),
                    text(evidence.precheckPhase()), text(evidence.precheckLink()),
                    prechecked ? Integer.toString(evidence.warnings()) : "", prechecked ? Integer.toString(evidence.risks()) : "",
                    prechecked ? Integer.toString(evidence.skipped()) : "", text(evidence.snapshotTaskId()),
                    text(evidence.snapshotPhase()), text(evidence.snapshotLink())));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        String safe = FORMULA.matcher(value).find() ? "'" + value : value;
        return NEEDS_QUOTES.matcher(safe).find() ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static String utc(@Nullable Instant instant) {
        return instant == null ? "" : UTC.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static String china(@Nullable Instant instant) {
        return instant == null ? "" : OFFSET.format(instant.atZone(Display.CHINA));
    }
}
