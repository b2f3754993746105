package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.ArchiverApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/** The command line of SPEC.md: the commands, and how errors become exit codes. */
@Command(name = "cce-upgrade-archiver", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Archives the upgrade-task history of Huawei Cloud CCE Autopilot clusters into PostgreSQL.",
        subcommands = {ArchiveCommand.class, VerifyCommand.class, ReportCommand.class, ExportCommand.class, DemoCommand.class, SimulateCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failed, 2 bad usage or configuration, 3 some clusters failed,",
                "4 another run holds the archive lock, 5 verify found the archive altered."})
public final class Cli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Cli());
        commandLine.setUnmatchedOptionsArePositionalParams(false);
        // Unmatched arguments are Spring Boot properties; SpringOptions checks them.
        commandLine.setUnmatchedArgumentsAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText(e.getMessage()));
            return ExitCodes.FAILED;
        });
        commandLine.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** "cce-upgrade-archiver 0.1.0", as --version prints it and reports name their generator. */
    static String version() {
        String version = ArchiverApplication.class.getPackage().getImplementationVersion();
        return "cce-upgrade-archiver " + (version == null ? "(development build)" : version);
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {version()};
        }
    }
}
