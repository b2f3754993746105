package io.github.cceupgradearchiver.cli;

import io.github.cceupgradearchiver.cce.StopSignal;
import io.github.cceupgradearchiver.config.ArchiverProperties;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What SIGTERM does (Kubernetes sends it, then SIGKILL after {@code terminationGracePeriodSeconds},
 * 30 s by default): ask the run to stop taking new clusters, and hold the JVM open until the command has
 * recorded its state and closed, for at most {@code archiver.shutdown-grace} (25 s by default). If that
 * is not enough, the JVM exits anyway: the transactions in flight roll back, and the next run resumes.
 */
final class GracefulStop {

    private static final Logger log = LoggerFactory.getLogger("archiver");

    private final String command;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile @Nullable ConfigurableApplicationContext context;

    GracefulStop(String command) {
        this.command = command;
    }

    void started(ConfigurableApplicationContext context) {
        this.context = context;
    }

    void finished() {
        finished.countDown();
    }

    void onTermination() {
        ConfigurableApplicationContext running = context;
        if (finished.getCount() == 0 || running == null) {
            return;
        }
        Duration grace = running.getBean(ArchiverProperties.class).shutdownGrace();
        log.warn("{}: termination requested: no new clusters are started; waiting up to {} s for those in flight",
                command, grace.toSeconds());
        running.getBeanProvider(StopSignal.class).ifAvailable(StopSignal::request);
        try {
            if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: still busy after {} s; exiting now: uncommitted work rolls back and the next run resumes",
                        command, grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
