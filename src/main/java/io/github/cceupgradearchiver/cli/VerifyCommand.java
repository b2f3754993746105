package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.history.Verification;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-checks the archive's integrity, trusting nothing its schema's owner could replace: the",
                "archive's definitions in pg_catalog (tables, triggers, functions), every revision's content hash",
                "(pg_catalog built-ins only), every seal's digest (in Java) and its link to the previous seal,",
                "every finished run's seal, and every upgrade_task row against its latest revision; with",
                "archiver.integrity.public-key every seal's signature, with archiver.integrity.witness-dir the",
                "chain against its outside witness. Prints the verdict with the counts and the head digest, then",
                "the login setup found, the key fingerprints, and what the signatures and the witness showed."},
        footer = {"", "Exit codes: 0 intact, 5 the archive was altered (the first damage is named), 1 failed,",
                "2 bad configuration (a key file or the witness directory: the message names the key)."})
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
            } else {
                log.error("verify: {}", verification.describe());
            }
            verification.details().forEach(line -> log.info("verify: {}", line));
            return verification.intact() ? ExitCodes.OK : ExitCodes.ALTERED;
        });
    }
}
