package io.github.cceupgradearchiver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        // given
        Path promtool = promtool();

        // when
        Result check = run(promtool.toString(), "check", "rules", RULES.toString());
        Result test = run(promtool.toString(), "test", "rules", RULE_TESTS.toString());

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

    /** promtool on the PATH, or a clear failure saying how to install it. */
    static Path promtool() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        assertThat(found).as("promtool is not on the PATH: install it (Debian: apt-get install prometheus; .ci/run "
                + "does) to run the alert rules' unit tests").isPresent();
        return found.orElseThrow();
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

    record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
