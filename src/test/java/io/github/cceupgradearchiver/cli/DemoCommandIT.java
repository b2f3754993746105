package io.github.cceupgradearchiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.testsupport.ArchiveDatabase;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess;
import io.github.cceupgradearchiver.testsupport.ArchiverProcess.Result;
import io.github.cceupgradearchiver.testsupport.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, as a newcomer runs it (here against this test run's database). */
class DemoCommandIT {

    @TempDir
    Path workingDirectory;

    @Test
    void archivesTheSimulatedFleetVerifiesItAndWritesAReport() throws Exception {
        // given
        ArchiveDatabase.reset();

        // when
        Result first = ArchiverProcess.command("demo").in(workingDirectory).run();
        Result second = ArchiverProcess.command("demo").in(workingDirectory).run();

        // then
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("SUCCEEDED", "12 clusters (0 failed)", "96 tasks seen", "95 new",
                "1 rejected", "verify: archive intact", "archiver-demo-report.html", "psql");
        Path report = workingDirectory.resolve("archiver-demo-report.html");
        assertThat(Files.readString(report)).contains("Archive intact", "f40cafed-7bf1-4c3b-b619-80113b4bbb18");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("0 new, 0 changed");
        assertThat(TestPostgres.query("SELECT count(*)::text FROM upgrade_history.archive_seal")).containsExactly("2");
    }
}
