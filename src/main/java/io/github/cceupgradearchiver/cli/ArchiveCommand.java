package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.archive.ArchiveService;
import io.github.cceupgradearchiver.archive.RunStatus;
import io.github.cceupgradearchiver.archive.RunSummary;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Runs one archive run: fetches the upgrade tasks of every configured and discovered cluster",
                "and upserts them into the upgrade_history schema.", "",
                "Configuration comes from Spring Boot's usual sources: application.yml, environment variables,",
                "--spring.config.additional-location=FILE, --archiver.some.key=value, SPRING_APPLICATION_JSON.",
                "Credentials: CLOUD_SDK_AK and CLOUD_SDK_SK, or the Huawei Cloud SDK's own chain."},
        footer = {"", "Exit codes: 0 every cluster archived, 1 failed, 2 bad configuration (the message names the key),",
                "3 run completed but some clusters failed, 4 another run holds the archive lock."})
final class ArchiveCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    @CommandLine.Mixin
    SpringOptions spring = new SpringOptions();

    @Override
    public Integer call() {
        return SpringCommand.run("archive", spring.arguments(), context -> {
            RunSummary summary = context.getBean(ArchiveService.class).archive();
            if (summary.witnessFailure() != null) {
                log.error(summary.describe());
            } else if (summary.status() == RunStatus.STOPPED) {
                log.warn("{}; the next archive run today continues it", summary.describe());
            } else if (summary.status() == RunStatus.SUCCEEDED) {
                log.info(summary.describe());
            } else {
                log.warn(summary.describe());
            }
            return summary.exitCode();
        });
    }
}
