package io.github.cceupgradearchiver.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** How a command logs: lines for people, or JSON objects (Elastic Common Schema) for log pipelines. */
final class LoggingOptions {

    enum LogFormat { text, json }

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "text (default), or json: one Elastic Common Schema object a line, for log pipelines")
    LogFormat format = LogFormat.text;

    /** Spring Boot's structured logging does the work. */
    List<String> springArguments() {
        return format == LogFormat.json ? List.of("--logging.structured.format.console=ecs") : List.of();
    }
}
