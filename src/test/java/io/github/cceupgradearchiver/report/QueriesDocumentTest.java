package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query of docs/queries.md, taken from the document itself and run as the read-only analyst role against
 * the archive of {@link ReportFleet}: the page cannot drift from the views.
 */
class QueriesDocumentTest extends SeededArchive {

    private static final Pattern QUESTION = Pattern.compile("^## (.+?)$(.*?)```sql\\n(.*?)```", Pattern.MULTILINE | Pattern.DOTALL);

    private final Map<String, String> queries = new LinkedHashMap<>();

    @BeforeAll
    void readTheDocument() throws Exception {
        Matcher question = QUESTION.matcher(Files.readString(Path.of("docs/queries.md")));
        while (question.find()) {
            queries.put(question.group(1).strip(), question.group(3).strip());
        }
    }

    @Test
    void answersAtLeastADozenQuestionsEachOfWhichRunsAsTheAnalystRole() throws Exception {
        // when
        Map<String, Integer> rowCounts = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            rowCounts.put(query.getKey(), run(query.getValue()).size());
        }

        // then
        assertThat(rowCounts).hasSizeGreaterThanOrEqualTo(12);
        assertThat(rowCounts.entrySet().stream().filter(count -> count.getValue() == 0).map(Map.Entry::getKey))
                .as("questions the seeded archive answers with nothing (only 'this quarter' has no data)")
                .containsExactly("What were the slowest upgrades this quarter?");
    }

    @Test
    void findsTheClusterMoreThanTwoMinorVersionsBehind() throws Exception {
        assertThat(answer("Which clusters are more than two minor versions behind the newest?"))
                .containsExactly("prod-payments | c-payments | v1.25.5-r0 | 4");
    }

    @Test
    void ranksTargetVersionsByFailureRate() throws Exception {
        assertThat(answer("What is the failure rate per target version?")).startsWith(
                "v1.29.1-r0 | 1 | 1 | 100.0",
                "v1.25.5-r0 | 1 | 2 | 50.0",
                "v1.19.16-r80 | 0 | 1 | 0.0");
    }

    @Test
    void findsTheStuckUpgradeButNotTheOneStartedAnHourAgo() throws Exception {
        assertThat(answer("Which upgrades are stuck right now?")).singleElement().asString()
                .startsWith(ReportFleet.SCRIPT_NAME + " | l-2 | v1.27.3-r0 | v1.28.1-r0 | " + ReportFleet.PAUSED + " | 40 | 2024-03-10 09:00:00 | ");
    }

    @Test
    void computesTheMedianDurationPerTargetMinor() throws Exception {
        assertThat(answer("What is the median duration per target minor version?")).contains(
                "1 | 23 | 1 | 00:20:00 | 00:20:00",
                "1 | 29 | 2 | 00:15:00 | 00:19:30");
    }

    @Test
    void listsCoverageGapsWithTheNeverFetchedClusterFirst() throws Exception {
        assertThat(answer("Which clusters have gaps in the archive's coverage?"))
                .hasSize(4).first().asString().startsWith("deleted-cluster | c-gone | ");
        assertThat(answer("Which clusters failed their last fetch, and since when has the archive not seen them?"))
                .singleElement().asString().startsWith("deleted-cluster | c-gone | ");
    }

    @Test
    void tellsTheVersionHistoryAndItsSkipsAndUnseenChanges() throws Exception {
        assertThat(answer("Which versions did prod-payments go through, and what failed on the way?"))
                .extracting(row -> row.split(" \\| ")[1] + " failed " + row.split(" \\| ")[6])
                .containsExactly("v1.17.17-r0 failed 0", "v1.19.16-r80 failed 0", "v1.23.8-r10 failed 1", "v1.25.5-r0 failed 0");
        assertThat(answer("Which upgrades jumped over minor versions?")).first().asString()
                .startsWith("prod-payments | 91755b96-5fd8-4a6a-bda1-983de9055996 | v1.19.16-r80 | v1.23.8-r10 | 3 | ");
        assertThat(answer("Which version changes did the archive never see?")).singleElement().asString()
                .startsWith("staging | 3 | weird | v1.29.2 | ");
        assertThat(answer("Which upgrades does the API no longer list?")).singleElement().asString()
                .startsWith("staging | s-1 | ");
    }

    @Test
    void findsUpgradesOutsideBeijingOfficeHours() throws Exception {
        List<String> tasks = answer("Which upgrades started outside Beijing office hours?").stream()
                .map(row -> row.split(" \\| ")[1]).toList();

        assertThat(tasks).contains("91755b96-5fd8-4a6a-bda1-983de9055996", "l-2", "s-0", "s-2", "s-3")
                .doesNotContain("f40cafed-7bf1-4c3b-b619-80113b4bbb18", "p-3", "p-4", "l-1", "s-1");
    }

    private List<String> answer(String question) throws SQLException {
        assertThat(queries).containsKey(question);
        return run(queries.get(question));
    }

    private static boolean readerRoleExists(Statement statement) throws SQLException {
        try (ResultSet role = statement.executeQuery("SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader'")) {
            return role.next();
        }
    }

    /** Each row's columns joined by " | ", nulls as "-", run as upgrade_history_reader where that role exists. */
    private static List<String> run(String sql) throws SQLException {
        try (Connection connection = TestPostgres.connect();
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("SET LOCAL TimeZone = 'UTC'");
                if (readerRoleExists(statement)) {
                    statement.execute("SET LOCAL ROLE upgrade_history_reader");
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> values = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            values.add(rs.getString(i) == null ? "-" : rs.getString(i));
                        }
                        rows.add(values.stream().collect(Collectors.joining(" | ")));
                    }
                }
                return rows;
            } finally {
                connection.rollback();
            }
        }
    }
}
