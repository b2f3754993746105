package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.evidence.EvidenceExporter;
import io.github.cceupgradearchiver.evidence.EvidenceExporter.ExportedPack;
import io.github.cceupgradearchiver.report.ReportFormat;
import io.github.cceupgradearchiver.report.ReportPeriod;
import io.github.cceupgradearchiver.report.ReportRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes an evidence pack for auditors: one zip with the period's report (PDF, HTML, CSV),",
                "revisions.jsonl (every revision of the period, as archived), seals.jsonl (the seals covering",
                "them and every later one up to the head, each with the content hashes it covers), the public",
                "keys, manifest.json (every file's SHA-256, the period, the head digest, the key fingerprints),",
                "README.md and verify.py. 'verify --bundle FILE.zip' checks it with no database; so does",
                "'python3 verify.py' inside it (all but the signatures, which its README checks with openssl)."},
        footer = {"", "Example: export --from 2024-01-01 --to 2024-03-31 --output q1-2024-evidence.zip",
                "", "Exit codes: 0 written, 2 bad usage (the message names the option), 5 written, but the",
                "archive was altered (the report in it says so), 1 failed."})
final class ExportCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    SpringOptions spring = new SpringOptions();

    @CommandLine.Mixin
    PeriodOptions covered = new PeriodOptions();

    @Option(names = "--output", required = true, paramLabel = "FILE.zip",
            description = "the zip to write (replaced if it exists; written whole or not at all)")
    Path output;

    @Override
    public Integer call() {
        List<String> springArgs = spring.arguments();
        ReportPeriod period = covered.period(spec);
        Path file = output.toAbsolutePath();
        ReportCommand.requireWritable(spec, "--output", file);
        ReportRequest request = new ReportRequest(period, covered.clusters, ReportFormat.PDF, file,
                Cli.version());
        return SpringCommand.runAndPublishVerdict("export", ReadingCommands.Export.class, springArgs, context -> {
            ExportedPack pack = context.getBean(EvidenceExporter.class).export(request, file);
            log.info("export: {} written: {} revisions, {} seals up to the head, {} to {} in {}", pack.output(),
                    pack.revisions(), pack.seals(), period.from(), period.to(), period.zoneName());
            log.info("export: sha256 {}", pack.sha256());
            log.info("export: head digest {}", pack.headDigest());
            if (pack.verification().intact()) {
                return ExitCodes.OK;
            }
            log.error("export: {}", pack.verification().describe());
            return ExitCodes.ALTERED;
        });
    }
}
