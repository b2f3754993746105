package io.github.cceupgradearchiver.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command-line tools some tests drive (promtool, pdftotext). CI installs them (.ci/run); a test that needs one
 * fails, rather than skips, where it is missing, saying what to install.
 */
public final class Tools {

    private Tools() {
    }

    /** What a tool printed (standard output and error together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /** The tool on the PATH, or a test failure naming the Debian package that provides it. */
    public static Path require(String tool, String debianPackage) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, tool))
                .filter(Files::isExecutable)
                .findFirst();
        assertThat(found).as(tool + " is not on the PATH: install it (Debian: apt-get install " + debianPackage
                + "; .ci/run does)").isPresent();
        return found.orElseThrow();
    }

    /** Runs the tool with these arguments, at most a minute. */
    public static Result run(String tool, String debianPackage, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require(tool, debianPackage).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** The text of a PDF as {@code pdftotext} (poppler-utils) extracts it, in UTF-8. */
    public static String pdfText(Path pdf) throws IOException, InterruptedException {
        Result result = run("pdftotext", "poppler-utils", "-enc", "UTF-8", pdf.toString(), "-");
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }
}
