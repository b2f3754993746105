package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.history.Verification;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-checks the archive's integrity: every revision's content hash, every seal's digest and",
                "its link to the previous seal, and every upgrade_task row against its latest revision.",
                "Prints one verdict line with the counts and the head digest; compare the head digest with",
                "one recorded elsewhere (every report prints it) to detect removal of the newest seals."},
        footer = {"", "Exit codes: 0 intact, 5 the archive was altered (the first damage is named), 1 failed,",
                "2 bad configuration."})
final class VerifyCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    @CommandLine.Mixin
    SpringOptions spring = new SpringOptions();

    @Override
    public Integer call() {
        return SpringCommand.runAndPublishVerdict("verify", spring.arguments(), context -> {
            Verification verification = context.getBean(ArchiveVerifier.class).verify();
            if (verification.intact()) {
                log.info("verify: {}", verification.describe());
                return ExitCodes.OK;
            }
            log.error("verify: {}", verification.describe());
            return ExitCodes.ALTERED;
        });
    }
}
