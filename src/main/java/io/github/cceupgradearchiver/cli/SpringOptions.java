package io.github.cceupgradearchiver.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that starts Spring shares: the log format, and Spring Boot properties on the command
 * line. Options a command does not know are Spring Boot properties ({@code --archiver.api.endpoint=...},
 * {@code --spring.config.additional-location=...}) and go to Spring; anything else unknown is a usage
 * error, not silently ignored.
 */
final class SpringOptions {

    // --some.property=value or --some.property value, and Spring Boot's own --debug / --trace
    private static final Pattern SPRING_OPTION = Pattern.compile("--([a-zA-Z0-9_-]+\\.[a-zA-Z0-9_.\\[\\]-]+(=.*)?|[A-Z][A-Z0-9_]*=.*|debug|trace)");

    enum LogFormat { text, json }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default), or json: one Elastic Common Schema object a line, for log pipelines")
    LogFormat logFormat = LogFormat.text;

    /**
     * The arguments for Spring: the log format (Spring Boot's structured logging, with its own Logback configuration,
     * since the text one, Spring Boot's default with our pattern, has no structured appender), then the properties given.
     */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (logFormat == LogFormat.json) {
            arguments.add("--logging.structured.format.console=ecs");
            arguments.add("--logging.config=classpath:logging/json.xml");
        }
        // Picocli collects what no option matched (Cli allows unmatched arguments for that).
        List<String> unmatched = spec.commandLine().getUnmatchedArguments();
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
            arguments.add(arg);
        }
        return arguments;
    }
}
