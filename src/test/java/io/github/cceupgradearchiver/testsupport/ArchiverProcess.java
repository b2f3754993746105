package io.github.cceupgradearchiver.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged jar as a user would ({@code java -jar target/cce-upgrade-archiver.jar ...}) against this
 * test run's database, capturing exit code and output. Used by the end-to-end tests ({@code *IT}, run by
 * failsafe after {@code package}).
 */
public final class ArchiverProcess {

    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private boolean useTestDatabase = true;
    private Path directory = Path.of("").toAbsolutePath();

    private ArchiverProcess(String... args) {
        this.args.addAll(List.of(args));
    }

    public static ArchiverProcess command(String... args) {
        return new ArchiverProcess(args);
    }

    public ArchiverProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public ArchiverProcess args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Options for the JVM itself, such as {@code -Xmx256m}. */
    public ArchiverProcess jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Runs in this working directory (default: the project's). */
    public ArchiverProcess in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** Leaves spring.datasource.* to the command line and environment given. */
    public ArchiverProcess withoutTestDatabase() {
        useTestDatabase = false;
        return this;
    }

    /** Starts the process; output goes to a file so that a long run never blocks on a full pipe. */
    public Running start() throws IOException {
        Path jar = Path.of(System.getProperty("archiver.jar", "target/cce-upgrade-archiver.jar")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        if (useTestDatabase) {
            command.add("--spring.datasource.url=" + TestPostgres.url());
            command.add("--spring.datasource.username=" + TestPostgres.user());
            command.add("--spring.datasource.password=" + TestPostgres.password());
        }
        Path output = Files.createTempFile("archiver-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CLOUD_SDK_") || name.startsWith("HUAWEICLOUD_SDK_")
                || name.startsWith("SPRING_") || name.startsWith("ARCHIVER_"));
        builder.environment().putAll(environment);
        return new Running(builder.start(), output);
    }

    /** Runs to the end (at most two minutes). */
    public Result run() throws IOException, InterruptedException {
        return start().await(Duration.ofMinutes(2));
    }

    /** A started process. */
    public record Running(Process process, Path outputFile) {

        public Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("archiver did not finish within " + timeout + "; output:\n" + output());
            }
            return new Result(process.exitValue(), output());
        }

        public String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }

        /** Waits until the output contains the text (or the process ends). */
        public void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("never printed '" + text + "'; output:\n" + output());
                }
                Thread.sleep(50);
            }
        }
    }

    /** What a finished process said. */
    public record Result(int exitCode, String output) {
    }
}
