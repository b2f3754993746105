package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.ArchiverApplication;
import io.github.cceupgradearchiver.archive.ArchiveLockedException;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import io.github.cceupgradearchiver.observability.VerifyMetricsPublisher;
import io.github.cceupgradearchiver.text.EscapedMessageConverter;
import io.github.cceupgradearchiver.text.Failures;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts Spring for one command, runs it, and turns every outcome into an exit code of SPEC.md.
 * Start-up failures are already explained by Spring Boot's failure analysis (ours included); here they
 * only choose the code: a configuration that does not bind is bad usage (2), anything else failure (1).
 */
final class SpringCommand {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    /** The work of one command, given the started application. */
    @FunctionalInterface
    interface Body {
        int run(ConfigurableApplicationContext context) throws Exception;
    }

    private SpringCommand() {
    }

    static int run(String command, List<String> springArgs, Body body) {
        return run(command, ArchiverApplication.class, springArgs, body, false);
    }

    /** As {@link #run}, with an application context of {@code source}'s beans alone (no auto-configuration). */
    static int run(String command, Class<?> source, List<String> springArgs, Body body) {
        return run(command, source, springArgs, body, false);
    }

    /**
     * For the commands that verify the archive ({@code verify}, {@code report}, {@code export}): as {@link #run}, with
     * only what reading the archive needs ({@link ReadingCommands} or one of its nested applications), and the exit
     * code, whatever caused it, goes to the Pushgateway when one is configured, for alerts on exit 5.
     */
    static int runAndPublishVerdict(String command, Class<?> source, List<String> springArgs, Body body) {
        // Spring Boot warms up Jackson and Bean Validation on another thread: these commands use no Jackson, and on a
        // busy machine that thread only takes a core from the start-up it means to shorten.
        System.setProperty("spring.backgroundpreinitializer.ignore", "true");
        return run(command, source, springArgs, body, true);
    }

    private static int run(String command, Class<?> source, List<String> springArgs, Body body,
                           boolean publishVerdict) {
        EscapedMessageConverter.register();
        SpringApplication application = new SpringApplication(source);
        // Spring Boot's own hook would close the context (and the database pool) under a running job.
        application.setRegisterShutdownHook(false);
        GracefulStop gracefulStop = new GracefulStop(command);
        Runtime.getRuntime().addShutdownHook(new Thread(gracefulStop::onTermination, "graceful-stop"));
        ConfigurableApplicationContext context;
        try {
            context = application.run(springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            gracefulStop.finished();
            return isConfigurationError(e) ? ExitCodes.USAGE : ExitCodes.FAILED;
        }
        gracefulStop.started(context);
        int code;
        try {
            code = body.run(context);
        } catch (InvalidConfigurationException e) {
            log.error("{}: configuration error: {}", command, e.getMessage());
            code = ExitCodes.USAGE;
        } catch (ArchiveLockedException e) {
            log.error("{}: {}", command, e.getMessage());
            code = ExitCodes.LOCKED;
        } catch (Exception e) {
            log.error("{} failed: {}", command, Failures.describe(e));
            log.debug("{} failed", command, e);
            code = ExitCodes.FAILED;
        }
        int exitCode = code;
        if (publishVerdict) {
            context.getBean(VerifyMetricsPublisher.class).publish(command, exitCode);
        }
        try {
            return SpringApplication.exit(context, () -> exitCode);
        } finally {
            gracefulStop.finished();
        }
    }

    private static boolean isConfigurationError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || cause instanceof InvalidConfigurationException) {
                return true;
            }
        }
        return false;
    }
}
