package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana provisioning of deploy/grafana, checked without Grafana: the data source and dashboard provider
 * files, the shape of every dashboard, and every panel's and template variable's SQL, expanded as Grafana expands
 * it ({@link GrafanaSql}) and run against the archive of {@link ReportFleet} as the data source's login,
 * {@code upgrade_history_reader}, over a time range from November 2023 to now. Every panel must return rows (a stat
 * panel a value that is neither null nor zero: the seeded archive has failures, stuck upgrades, gaps and laggards).
 */
class GrafanaDashboardsTest extends SeededArchive {

    static final Path DATASOURCES = Path.of("deploy/grafana/provisioning/datasources/cce-upgrade-archive.yaml");
    static final Path PROVIDERS = Path.of("deploy/grafana/provisioning/dashboards/cce-upgrade-archive.yaml");
    static final Path DASHBOARDS = Path.of("deploy/grafana/dashboards");
    static final Path COMPOSE = Path.of("docker-compose.yml");
    static final String DATA_SOURCE_UID = "cce-upgrade-archive";
    static final Instant FROM = Instant.parse("2023-11-01T00:00:00Z");
    static final Set<String> MACROS_SUPPORTED = Set.of("__timeFilter", "__timeFrom", "__timeTo", "__timeGroupAlias");

    // A login of its own that takes the reader role at once: its sessions have exactly upgrade_history_reader's
    // privileges, and the cluster-wide reader role is not given a password that other databases of the server share.
    final String login = "grafana_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Connection reader;

    @BeforeAll
    void logInAsTheReader() throws SQLException {
        jdbc.sql("CREATE ROLE " + login + " LOGIN PASSWORD 'grafana' IN ROLE upgrade_history_reader").update();
        reader = DriverManager.getConnection(TestPostgres.url(), login, "grafana");
        try (Statement sql = reader.createStatement()) {
            sql.execute("SET ROLE upgrade_history_reader");
        }
    }

    @AfterAll
    void logOut() throws SQLException {
        if (reader != null) {
            reader.close();
        }
        jdbc.sql("DROP ROLE IF EXISTS " + login).update();
    }

    @Test
    void theDataSourceIsTheArchiveWithAPinnedUidAndTheReadOnlyLoginWhosePasswordComesFromTheEnvironment()
            throws IOException {
        // when
        List<Map<String, Object>> dataSources = list(yaml(DATASOURCES).get("datasources"));

        // then
        assertThat(dataSources).singleElement().satisfies(dataSource -> {
            assertThat(dataSource).containsEntry("uid", DATA_SOURCE_UID)
                    .containsEntry("type", "grafana-postgresql-datasource")
                    .containsEntry("user", "upgrade_history_reader")
                    .doesNotContainKey("password");
            assertThat(map(dataSource.get("jsonData"))).containsEntry("database", "${ARCHIVE_DB_NAME}");
            assertThat(map(dataSource.get("secureJsonData"))).containsOnlyKeys("password")
                    .containsEntry("password", "${ARCHIVE_READER_PASSWORD}");
        });
    }

    @Test
    void composesGrafanaProfileMountsTheProvisioningAndTheDashboardsWhereTheProviderLooksWithAPinnedImage()
            throws IOException {
        // given
        Map<String, Object> provider = list(yaml(PROVIDERS).get("providers")).get(0);
        Map<String, Object> services = map(yaml(COMPOSE).get("services"));

        // when
        Map<String, Object> grafana = map(services.get("grafana"));

        // then
        assertThat(provider).containsEntry("type", "file");
        assertThat(grafana.get("image")).asString().matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
        assertThat(grafana).containsEntry("profiles", List.of("grafana"));
        assertThat(grafana.get("volumes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(
                "./deploy/grafana/provisioning/datasources:/etc/grafana/provisioning/datasources:ro",
                "./deploy/grafana/provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro",
                "./" + DASHBOARDS + ":" + map(provider.get("options")).get("path") + ":ro");
        assertThat(map(grafana.get("environment"))).containsKeys("ARCHIVE_DB_HOST", "ARCHIVE_DB_NAME", "ARCHIVE_DB_SSLMODE",
                "ARCHIVE_READER_PASSWORD");
    }

    @Test
    void everyDashboardIsWellFormedWithUniquePanelIdsNonOverlappingPanelsAndTheProvisionedDataSource() throws IOException {
        // when
        List<JsonNode> dashboards = dashboards();

        // then
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dashboards.stream().map(dashboard -> dashboard.get("uid").asString())).doesNotHaveDuplicates();
        for (JsonNode dashboard : dashboards) {
            String title = dashboard.get("title").asString();
            assertThat(dashboard.get("schemaVersion").asInt()).as(title).isEqualTo(41);
            assertThat(dashboard.get("uid").asString()).as(title).matches("[a-z0-9-]{1,40}");
            List<JsonNode> panels = dashboard.get("panels").valueStream().toList();
            assertThat(panels).as(title).isNotEmpty();
            assertThat(panels.stream().map(panel -> panel.get("id").asInt())).as(title + ": panel ids").doesNotHaveDuplicates();
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode panel : panels) {
                String name = title + " / " + panel.get("title").asString();
                JsonNode grid = panel.get("gridPos");
                int x = grid.get("x").asInt(), y = grid.get("y").asInt(), w = grid.get("w").asInt(), h = grid.get("h").asInt();
                assertThat(w).as(name + ": width").isPositive();
                assertThat(h).as(name + ": height").isPositive();
                assertThat(x).as(name + ": x").isNotNegative();
                assertThat(x + w).as(name + ": right edge").isLessThanOrEqualTo(24);
                for (int[] other : boxes) {
                    boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
                    assertThat(overlaps).as(name + " overlaps another panel").isFalse();
                }
                boxes.add(new int[] {x, y, w, h});
                assertThat(panel.get("datasource").get("uid").asString()).as(name).isEqualTo(DATA_SOURCE_UID);
                assertThat(panel.get("description").asString()).as(name + ": description").isNotBlank();
                assertThat(panel.get("targets").valueStream().toList()).as(name).singleElement().satisfies(target -> {
                    assertThat(target.get("datasource").get("uid").asString()).isEqualTo(DATA_SOURCE_UID);
                    assertThat(target.get("rawQuery").asBoolean()).isTrue();
                    assertThat(target.get("format").asString()).isIn("table", "time_series");
                    assertThat(target.get("rawSql").asString()).isNotBlank();
                });
            }
            for (JsonNode variable : dashboard.get("templating").get("list").valueStream().toList()) {
                if (variable.get("type").asString().equals("query")) {
                    assertThat(variable.get("datasource").get("uid").asString()).as(title + " $" + variable.get("name").asString())
                            .isEqualTo(DATA_SOURCE_UID);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTemplateVariableQueryReturnsTextsAndValuesAsTheReader() throws IOException {
        return dashboards().stream().flatMap(dashboard -> dashboard.get("templating").get("list").valueStream()
                .filter(variable -> variable.get("type").asString().equals("query"))
                .map(variable -> DynamicTest.dynamicTest(dashboard.get("title").asString() + " $" + variable.get("name").asString(), () -> {
                    // when: with the variables before it as Grafana selects them by default
                    List<Map<String, String>> rows = run(GrafanaSql.expand(variable.get("query").asString(),
                            variables(dashboard), FROM, now()));

                    // then
                    assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).containsKeys("__text", "__value"));
                })));
    }

    @TestFactory
    Stream<DynamicTest> everyPanelQueryReturnsRowsAsTheReader() throws IOException {
        return dashboards().stream().flatMap(dashboard -> dashboard.get("panels").valueStream()
                .map(panel -> DynamicTest.dynamicTest(dashboard.get("title").asString() + " / " + panel.get("title").asString(), () -> {
                    // given
                    JsonNode target = panel.get("targets").get(0);
                    String sql = GrafanaSql.expand(target.get("rawSql").asString(), variables(dashboard), FROM, now());

                    // when
                    List<Map<String, String>> rows = run(sql);

                    // then
                    assertThat(rows).as(sql).isNotEmpty();
                    if (panel.get("type").asString().equals("stat")) {
                        // one row of aggregates always comes back: the seeded archive has something of everything
                        assertThat(rows).as(sql).singleElement().satisfies(row -> assertThat(row.values())
                                .as("a stat of the seeded archive").allSatisfy(value -> assertThat(value).isNotNull().isNotEqualTo("0")));
                    }
                    if (target.get("format").asString().equals("time_series")) {
                        assertThat(rows.get(0)).as("a time series needs a column named time").containsKey("time");
                        List<Double> times = rows.stream().map(row -> seconds(row.get("time"))).toList();
                        assertThat(times).as("Grafana wants time series in time order").isSorted();
                    }
                })));
    }

    /** The seeded clusters are all Autopilot clusters: the cluster variable offers them for that family alone. */
    @ParameterizedTest(name = "families {0}")
    @CsvSource(delimiter = '|', textBlock = """
            autopilot          | true
            standard           | false
            autopilot,standard | true
            """)
    void theClusterVariableOffersTheClustersOfTheSelectedFamilies(String families, boolean seededClustersOffered)
            throws IOException, SQLException {
        for (JsonNode dashboard : dashboards()) {
            // given
            JsonNode cluster = dashboard.get("templating").get("list").valueStream()
                    .filter(variable -> variable.get("name").asString().equals("cluster")).findFirst().orElseThrow();
            var family = new GrafanaSql.Variable(List.of(families.split(",")), true);

            // when
            List<String> offered = run(GrafanaSql.expand(cluster.get("query").asString(), Map.of("family", family), FROM,
                    now())).stream().map(row -> row.get("__value")).toList();

            // then
            if (seededClustersOffered) {
                assertThat(offered).as(dashboard.get("title").asString())
                        .containsAll(ReportFleet.CLUSTERS.keySet())
                        .containsExactlyInAnyOrderElementsOf(run("SELECT cluster_id FROM upgrade_history.v_cluster").stream()
                                .map(row -> row.get("cluster_id")).toList());
            } else {
                assertThat(offered).as(dashboard.get("title").asString()).isEmpty();
            }
        }
    }

    @Test
    void theDashboardsUseOnlyTheMacrosTheirTestExpands() throws IOException {
        // when
        Set<String> used = new HashSet<>();
        for (JsonNode dashboard : dashboards()) {
            java.util.regex.Matcher macro = java.util.regex.Pattern.compile("\\$(__\\w+)\\(").matcher(dashboard.toString());
            while (macro.find()) {
                used.add(macro.group(1));
            }
        }

        // then
        assertThat(MACROS_SUPPORTED).containsAll(used);
    }

    /** Anyone who can edit a panel runs any SQL as the data source's login: it must not be able to change anything. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "INSERT INTO upgrade_history.archive_run (started_at, status) VALUES (now(), 'SUCCEEDED')",
            "UPDATE upgrade_history.report_setting SET stuck_after = interval '100 years'",
            "DELETE FROM upgrade_history.upgrade_task",
            "TRUNCATE upgrade_history.cluster_fetch",
            "INSERT INTO upgrade_history.upgrade_task_revision (run_id, project_id, cluster_id, task_id, observed_at, raw, content_hash) "
                    + "SELECT run_id, project_id, cluster_id, task_id, now(), raw, content_hash FROM upgrade_history.upgrade_task_revision LIMIT 1",
            "CREATE TABLE upgrade_history.grafana_notes (note text)",
            "DROP VIEW upgrade_history.v_upgrade",
            "ALTER TABLE upgrade_history.archive_seal DISABLE TRIGGER archive_seal_append_only"})
    void theReaderLoginCannotChangeTheArchive(String statement) {
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> {
                    try (Statement sql = reader.createStatement()) {
                        sql.execute(statement);
                    }
                })
                .satisfies(e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("42501"));
    }

    /**
     * Each variable as Grafana selects it by default: every value of the query variables ("All"), each query expanded
     * with the variables before it (the clusters of the selected families), the current interval.
     */
    private Map<String, GrafanaSql.Variable> variables(JsonNode dashboard) throws SQLException {
        Map<String, GrafanaSql.Variable> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.get("templating").get("list").valueStream().toList()) {
            String name = variable.get("name").asString();
            if (variable.get("type").asString().equals("query")) {
                List<String> values = run(GrafanaSql.expand(variable.get("query").asString(), variables, FROM, now()))
                        .stream().map(row -> row.get("__value")).toList();
                variables.put(name, new GrafanaSql.Variable(values, true));
            } else {
                variables.put(name, new GrafanaSql.Variable(List.of(variable.get("current").get("value").asString()), false));
            }
        }
        return variables;
    }

    private List<Map<String, String>> run(String sql) throws SQLException {
        try (Statement statement = reader.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData columns = rows.getMetaData();
            List<Map<String, String>> result = new ArrayList<>();
            while (rows.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i), rows.getString(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    /** A time column as epoch seconds: Grafana takes a number of seconds or a timestamp. */
    private static double seconds(String time) {
        if (time.matches("-?\\d+(\\.\\d+)?")) {
            return Double.parseDouble(time);
        }
        return java.time.OffsetDateTime.parse(time.replace(' ', 'T').replaceAll("([+-]\\d\\d)$", "$1:00")).toEpochSecond();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static List<JsonNode> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            List<JsonNode> dashboards = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(JsonMapper.builder().build().readTree(file.toFile()));
            }
            return dashboards;
        }
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
