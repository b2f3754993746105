package io.github.cceupgradearchiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark at a few hundred tasks: that it runs and reports every scenario. No timing is asserted. */
class BenchmarkSmokeIT {

    @Test
    void theBenchmarkRunsEveryScenarioAndWritesNothingOnTheUnchangedRerun() throws Exception {
        // given: the test run's PostgreSQL server, and the packaged jar
        URI server = URI.create(TestPostgres.url().substring("jdbc:".length()));
        Path output = Files.createTempFile("bench-", ".log");
        ProcessBuilder bench = new ProcessBuilder("bash", "bench/run.sh", "--smoke", "--output", "-")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        bench.environment().put("ARCHIVER_JAR", System.getProperty("archiver.jar", "target/cce-upgrade-archiver.jar"));
        bench.environment().put("PGHOST", server.getHost());
        bench.environment().put("PGPORT", String.valueOf(server.getPort()));
        bench.environment().put("PGUSER", TestPostgres.user());
        bench.environment().put("PGPASSWORD", TestPostgres.password());
        // its databases are this run's: another suite on the same server keeps its own
        bench.environment().put("BENCH_DB_PREFIX", TestPostgres.database() + "_bench");

        // when
        Process process = bench.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);

        // then
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(finished).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("sweep 20x10", "backfill 20x20", "unchanged re-run (rows written: 0)",
                "memory 40x20, -Xmx256m", "start-up");
    }
}
