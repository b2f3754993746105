package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.ArchiverApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/**
 * The command line of SPEC.md. Options a command does not know are Spring Boot properties
 * ({@code --archiver.api.endpoint=...}, {@code --spring.config.additional-location=...}) and are
 * handed to Spring; anything else unknown is a usage error, not silently ignored.
 */
@Command(name = "cce-upgrade-archiver", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Archives the upgrade-task history of Huawei Cloud CCE Autopilot clusters into PostgreSQL.",
        subcommands = {ArchiveCommand.class, VerifyCommand.class, DemoCommand.class, SimulateCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failed, 2 bad usage or configuration, 3 some clusters failed,",
                "4 another run holds the archive lock, 5 verify found the archive altered."})
public final class Cli implements Runnable {

    // --some.property=value or --some.property value, and Spring Boot's own --debug / --trace
    private static final Pattern SPRING_OPTION = Pattern.compile("--([a-zA-Z0-9_-]+\\.[a-zA-Z0-9_.\\[\\]-]+(=.*)?|debug|trace)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Cli());
        commandLine.setUnmatchedOptionsArePositionalParams(false);
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

    /** Checks that every unmatched argument is a Spring property, and returns them for Spring with the logging options. */
    static List<String> springArguments(CommandLine.Model.CommandSpec spec, List<String> unmatched, LoggingOptions logging) {
        List<String> springArgs = new ArrayList<>(logging.springArguments());
        for (int i = 0; i < unmatched.size(); i++) {
            String arg = unmatched.get(i);
            if (!SPRING_OPTION.matcher(arg).matches()) {
                throw new ParameterException(spec.commandLine(), "Unknown option or argument: '" + arg + "'");
            }
            // Spring reads only --key=value; accept "--key value" too, as picocli does for its own options.
            if (!arg.contains("=") && i + 1 < unmatched.size() && !unmatched.get(i + 1).startsWith("--")
                    && !arg.equals("--debug") && !arg.equals("--trace")) {
                arg = arg + "=" + unmatched.get(++i);
            }
            springArgs.add(arg);
        }
        return springArgs;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ArchiverApplication.class.getPackage().getImplementationVersion();
            return new String[] {"cce-upgrade-archiver " + (version == null ? "(development build)" : version)};
        }
    }
}
