package io.github.cceupgradearchiver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting rules of deploy/prometheus: their own unit tests pass under {@code promtool} (Debian's
 * {@code prometheus} package, which .ci/run installs: without it this test fails, it does not skip), and the
 * PrometheusRule of deploy/kubernetes holds exactly the same rules.
 */
class AlertRulesTest {

    static final Path RULES = Path.of("deploy/prometheus/archiver-rules.yml");
    static final Path RULE_TESTS = Path.of("deploy/prometheus/archiver-rules.test.yml");
    static final Path PROMETHEUS_RULE = Path.of("deploy/kubernetes/prometheusrule.yaml");

    @Test
    void theRulesAreValidAndPassTheirPromtoolUnitTests() throws Exception {
        // when
        Tools.Result check = Tools.run("promtool", "prometheus", "check", "rules", RULES.toString());
        Tools.Result test = Tools.run("promtool", "prometheus", "test", "rules", RULE_TESTS.toString());

        // then
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 5 rules found");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void thePrometheusRuleOfKubernetesHoldsTheSameRules() throws IOException {
        // given
        Map<String, Object> rules = yaml(RULES);
        Map<String, Object> prometheusRule = yaml(PROMETHEUS_RULE);

        // when
        Object groups = rules.get("groups");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) prometheusRule.get("spec");

        // then
        assertThat(prometheusRule).containsEntry("apiVersion", "monitoring.coreos.com/v1")
                .containsEntry("kind", "PrometheusRule");
        assertThat(spec).containsOnlyKeys("groups");
        assertThat(spec.get("groups")).isEqualTo(groups);
        assertThat(alertNames(groups)).containsExactly("CceArchiveStale", "CceArchiveNoSuccessRecorded",
                "CceArchiveClustersFailingRepeatedly", "CceArchiveAltered", "CceArchiveVerifyOverdue");
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertNames(Object groups) {
        return ((List<Map<String, Object>>) groups).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> (String) rule.get("alert"))
                .toList();
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
