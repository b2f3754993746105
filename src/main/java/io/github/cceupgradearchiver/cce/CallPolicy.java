package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every API call is made: at most {@code archiver.api.concurrency} at once (a bulkhead held only
 * for the call itself, not for backoff or for writing the result), through one rate limiter shared by all
 * clusters ({@code archiver.api.requests-per-second}), and retried on transient failures up to
 * {@code archiver.api.max-attempts} with exponential backoff and full jitter, waiting what
 * {@code Retry-After} asks for when the server says so. A server that asks for more than
 * {@code archiver.api.max-backoff} is not retried: the run would otherwise sleep through its window.
 */
public final class CallPolicy {

    private static final Logger log = LoggerFactory.getLogger("archive");

    private final RateLimiter rateLimiter;
    private final Bulkhead slots;
    private final RetryConfig retryConfig;
    private final ApiProperties api;
    private final BooleanSupplier stopping;
    private final MeterRegistry meters;

    public CallPolicy(ApiProperties api, BooleanSupplier stopping, MeterRegistry meters) {
        this.api = api;
        this.stopping = stopping;
        this.meters = meters;
        this.rateLimiter = RateLimiter.of("cce-api", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1_000L, (long) (1e9 / api.requestsPerSecond()))))
                .timeoutDuration(Duration.ofDays(1))
                .build());
        this.slots = Bulkhead.of("cce-api", BulkheadConfig.custom()
                .maxConcurrentCalls(api.concurrency())
                .maxWaitDuration(Duration.ofDays(1))
                .build());
        this.retryConfig = RetryConfig.<TaskListFetch>custom()
                .maxAttempts(api.maxAttempts())
                .retryOnResult(fetch -> fetch instanceof TaskListFetch.Failed failed && shouldRetry(failed.failure()))
                .intervalBiFunction((IntervalBiFunction<TaskListFetch>) (attempt, outcome) -> wait(attempt, outcome.getOrNull()))
                .build();
    }

    TaskListFetch call(ClusterRef cluster, Supplier<TaskListFetch> once) {
        // A Retry per call: its events name the cluster and see this call's attempts.
        Retry retry = Retry.of(cluster.clusterId(), retryConfig);
        var attempts = new AtomicInteger();
        var last = new AtomicReference<TaskListFetch>();
        retry.getEventPublisher().onRetry(event -> {
            meters.counter("archiver.api.retries").increment();
            log.warn("cluster {} ({}): attempt {} of {} failed: {}; retrying in {} ms", cluster.label(),
                    cluster.clusterId(), attempts.get(), api.maxAttempts(), reason(last.get()),
                    event.getWaitInterval().toMillis());
        });
        TaskListFetch result = retry.executeSupplier(() -> slots.executeSupplier(() -> {
            rateLimiter.acquirePermission();
            attempts.incrementAndGet();
            Timer.Sample call = Timer.start(meters);
            TaskListFetch fetch = once.get();
            call.stop(meters.timer("archiver.api.requests", "outcome",
                    fetch instanceof TaskListFetch.Failed failed ? failed.failure().kind().name() : "OK"));
            last.set(fetch);
            return fetch;
        }));
        return withAttempts(result, attempts.get());
    }

    private boolean shouldRetry(ApiFailure failure) {
        if (!failure.isTransient() || stopping.getAsBoolean()) {
            return false;
        }
        return failure.retryAfter() == null || failure.retryAfter().compareTo(api.maxBackoff()) <= 0;
    }

    /** Retry-After when given (plus a little jitter so clusters do not return in lockstep), else exponential with full jitter. */
    private long wait(int attempt, TaskListFetch outcome) {
        if (outcome instanceof TaskListFetch.Failed failed && failed.failure().retryAfter() != null) {
            long millis = failed.failure().retryAfter().toMillis();
            return millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1);
        }
        long ceiling = Math.min(api.maxBackoff().toMillis(),
                api.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private static String reason(TaskListFetch fetch) {
        return fetch instanceof TaskListFetch.Failed failed ? failed.failure().describe() : "transient failure";
    }

    private static TaskListFetch withAttempts(TaskListFetch fetch, int attempts) {
        if (fetch instanceof TaskListFetch.Failed failed) {
            return new TaskListFetch.Failed(failed.cluster(), failed.failure(), attempts);
        }
        var fetched = (TaskListFetch.Fetched) fetch;
        return new TaskListFetch.Fetched(fetched.cluster(), fetched.body(), attempts);
    }
}
