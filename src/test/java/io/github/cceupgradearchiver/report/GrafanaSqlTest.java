package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The expansion the dashboards' test applies, case by case as Grafana's PostgreSQL data source does it. */
class GrafanaSqlTest {

    static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2024-03-31T12:30:00.500Z");
    static final Map<String, GrafanaSql.Variable> VARIABLES = Map.of(
            "cluster", new GrafanaSql.Variable(List.of("c-1", "o'brien"), true),
            "bucket", new GrafanaSql.Variable(List.of("7d"), false),
            "zone", new GrafanaSql.Variable(List.of("it's"), false));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            time filter              | $__timeFilter(created_at)                 | created_at BETWEEN '2024-01-01T00:00:00Z' AND '2024-03-31T12:30:00.5Z'
            range ends               | $__timeFrom() < $__timeTo()               | '2024-01-01T00:00:00Z' < '2024-03-31T12:30:00.5Z'
            group by a variable      | $__timeGroupAlias(created_at, $bucket)    | floor(extract(epoch from created_at)/604800)*604800 AS "time"
            group by a quoted day    | $__timeGroupAlias(fetched_at, '1d')       | floor(extract(epoch from fetched_at)/86400)*86400 AS "time"
            group without alias      | $__timeGroup(fetched_at, 1h)              | floor(extract(epoch from fetched_at)/3600)*3600
            multi-value variable     | cluster_id IN ($cluster)                  | cluster_id IN ('c-1','o''brien')
            braces                   | cluster_id IN (${cluster})                | cluster_id IN ('c-1','o''brien')
            sqlstring format         | x = ANY(ARRAY[${cluster:sqlstring}])      | x = ANY(ARRAY['c-1','o''brien'])
            single-value variable    | zone = '$zone'                            | zone = 'it''s'
            """)
    void expandsVariablesThenMacrosAsGrafanaDoes(String what, String sql, String expected) {
        assertThat(GrafanaSql.expand(sql, VARIABLES, FROM, TO)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$__unixEpochFilter(t)", "$family", "${family}", "$__interval", "${cluster:csv}"})
    void refusesWhatItDoesNotImplement(String sql) {
        assertThatIllegalArgumentException().isThrownBy(() -> GrafanaSql.expand(sql, VARIABLES, FROM, TO));
    }
}
