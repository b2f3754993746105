package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.evidence.PackVerdict;
import io.github.cceupgradearchiver.evidence.PackVerification;
import io.github.cceupgradearchiver.evidence.PackVerifier;
import io.github.cceupgradearchiver.history.ArchiveVerifier;
import io.github.cceupgradearchiver.history.SealKeys;
import io.github.cceupgradearchiver.history.Verification;
import io.github.cceupgradearchiver.history.VerifyRuns;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Re-checks the archive's integrity, trusting nothing its schema's owner could replace: the",
                "archive's definitions in pg_catalog (tables, triggers, functions), every revision's content hash",
                "(pg_catalog built-ins only), every seal's digest (in Java) and its link to the previous seal,",
                "every finished run's seal, and every upgrade_task row against its latest revision; with",
                "archiver.integrity.public-key every seal's signature, with archiver.integrity.witness-dir the",
                "chain against its outside witness. Prints the verdict with the counts and the head digest, then",
                "the login setup found, the key fingerprints, and what the signatures and the witness showed."},
        footer = {"", "Exit codes: 0 intact, 5 the archive (or the pack) was altered (the first damage is named),",
                "1 failed, 2 bad configuration (a key file or the witness directory: the message names the key)",
                "or a --bundle that is no evidence pack."})
final class VerifyCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    @CommandLine.Mixin
    SpringOptions spring = new SpringOptions();

    @Option(names = "--bundle", paramLabel = "FILE.zip",
            description = {"check an evidence pack that export wrote, with no database at all: every file against",
                    "its manifest, every revision's content hash, every seal's digest, the chain up to the head,",
                    "the signatures (with archiver.integrity.public-key when given: only those keys are trusted;",
                    "else the pack's own keys). Exit 0 intact, 5 altered, 2 not an evidence pack."})
    @Nullable Path bundle;

    @Override
    public Integer call() {
        if (bundle != null) {
            return verifyBundle(bundle.toAbsolutePath());
        }
        return SpringCommand.runAndPublishVerdict("verify", ReadingCommands.class, spring.arguments(), context -> {
            Verification verification = context.getBean(ArchiveVerifier.class).verify();
            if (verification.intact()) {
                log.info("verify: {}", verification.describe());
            } else {
                log.error("verify: {}", verification.describe());
            }
            verification.details().forEach(line -> log.info("verify: {}", line));
            context.getBean(VerifyRuns.class).record(verification).ifPresent(problem -> log.warn(
                    "verify: verdict not recorded in upgrade_history.verify_run (it stands): {}", problem));
            return verification.intact() ? ExitCodes.OK : ExitCodes.ALTERED;
        });
    }

    private int verifyBundle(Path pack) {
        return SpringCommand.run("verify", PackVerification.class, spring.arguments(), context -> {
            SealKeys trusted = SealKeys.load(context.getBean(ArchiverProperties.class).integrity().publicKey());
            PackVerdict verdict = new PackVerifier(trusted).verify(pack);
            if (verdict instanceof PackVerdict.Intact intact) {
                log.info("verify: evidence pack {} intact: {} revisions, {} seals checked; head digest {}",
                        pack, intact.revisions(), intact.seals(), intact.headDigest());
                intact.details().forEach(line -> log.info("verify: {}", line));
                return ExitCodes.OK;
            }
            if (verdict instanceof PackVerdict.Altered altered) {
                log.error("verify: EVIDENCE PACK ALTERED: {}: {}", pack, altered.damage());
                return ExitCodes.ALTERED;
            }
            log.error("verify: {}", ((PackVerdict.Unreadable) verdict).problem());
            return ExitCodes.USAGE;
        });
    }
}
