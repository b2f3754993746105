package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every API call is made, whatever it asks for (a cluster's task list, a project's clusters): at most
 * {@code archiver.api.concurrency} at once (a bulkhead held only for an attempt, not for backoff or for writing the
 * result), through the rate limiter of the account whose keys sign it ({@code archiver.api.requests-per-second},
 * or the account's own {@code requests-per-second}: API quotas belong to accounts, so accounts proceed in parallel), retried on
 * transient failures up to {@code archiver.api.max-attempts} with exponential backoff and full jitter, waiting what
 * {@code Retry-After} asks for when the server says so, and all of it within {@code archiver.api.call-timeout} from the
 * first attempt's start: an attempt gets only the time left, and no retry starts that could not finish in time.
 * A server that asks for more than {@code archiver.api.max-backoff} is not retried: the run would otherwise sleep
 * through its window. A requested stop ends the waiting between attempts.
 */
public final class CallPolicy {

    private static final Logger log = LoggerFactory.getLogger("archive");
    private static final long STOP_POLL_MILLIS = 100;

    private final Map<String, RateLimiter> rateLimiters = new ConcurrentHashMap<>();
    private final Map<String, Double> accountRates;
    private final Bulkhead slots;
    private final ApiProperties api;
    private final BooleanSupplier stopping;
    private final MeterRegistry meters;

    /** One attempt, given the time left before the call's deadline, which it must not exceed. */
    @FunctionalInterface
    public interface Attempt<T> {
        ApiResult<T> make(Duration timeLeft);
    }

    /** @param accountRates the accounts with a {@code requests-per-second} of their own */
    public CallPolicy(ApiProperties api, Map<String, Double> accountRates, BooleanSupplier stopping, MeterRegistry meters) {
        this.api = api;
        this.accountRates = Map.copyOf(accountRates);
        this.stopping = stopping;
        this.meters = meters;
        this.slots = Bulkhead.of("cce-api", BulkheadConfig.custom()
                .maxConcurrentCalls(api.concurrency())
                .maxWaitDuration(Duration.ofDays(1))
                .build());
    }

    /**
     * Makes the call: attempts until one answers, fails for good, or the attempts, the deadline or the run run out.
     *
     * @param account whose keys sign the call: its rate limit applies
     * @param subject what is called, for the log ("cluster prod (6f1c...)")
     */
    public <T> ApiResult<T> call(String account, String subject, Attempt<T> attempt) {
        RateLimiter rateLimiter = rateLimiters.computeIfAbsent(account, this::rateLimiter);
        long deadline = 0;
        for (int made = 1; ; made++) {
            // the account's turn first, then a slot: an account waiting for its rate must not hold the slots of others
            rateLimiter.acquirePermission();
            slots.acquirePermission();
            ApiResult<T> result;
            try {
                long now = System.nanoTime();
                if (made == 1) {
                    deadline = now + api.callTimeout().toNanos();
                }
                Timer.Sample sample = Timer.start(meters);
                result = attempt.make(Duration.ofNanos(Math.max(0, deadline - now))).withAttempts(made);
                sample.stop(meters.timer("archiver.api.requests", "outcome",
                        result instanceof ApiResult.Failed<T> failed ? failed.failure().kind().name() : "OK"));
            } finally {
                slots.onComplete();
            }
            if (!(result instanceof ApiResult.Failed<T> failed) || !mayRetry(failed.failure(), made)) {
                return result;
            }
            long wait = waitMillis(made, failed.failure());
            if (System.nanoTime() + wait * 1_000_000 >= deadline) {
                return result; // it could not end before archiver.api.call-timeout
            }
            meters.counter("archiver.api.retries").increment();
            log.warn("{}: attempt {} of {} failed: {}; retrying in {} ms", subject, made, api.maxAttempts(),
                    failed.failure().describe(), wait);
            if (!sleepUnlessStopping(wait)) {
                return result;
            }
        }
    }

    private RateLimiter rateLimiter(String account) {
        double perSecond = accountRates.getOrDefault(account, api.requestsPerSecond());
        return RateLimiter.of("cce-api-" + account, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos(Math.max(1_000L, (long) (1e9 / perSecond))))
                .timeoutDuration(Duration.ofDays(1))
                .build());
    }

    private boolean mayRetry(ApiFailure failure, int made) {
        if (!failure.isTransient() || made >= api.maxAttempts() || stopping.getAsBoolean()) {
            return false;
        }
        return failure.retryAfter() == null || failure.retryAfter().compareTo(api.maxBackoff()) <= 0;
    }

    /** Retry-After when given (plus a little jitter so calls do not return in lockstep), else exponential with full jitter. */
    private long waitMillis(int attempt, ApiFailure failure) {
        if (failure.retryAfter() != null) {
            long millis = failure.retryAfter().toMillis();
            return millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1);
        }
        long ceiling = Math.min(api.maxBackoff().toMillis(),
                api.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    /** Sleeps {@code millis} unless a stop is requested meanwhile; says whether it slept the whole time. */
    private boolean sleepUnlessStopping(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        try {
            for (long left = millis; left > 0; left = (until - System.nanoTime()) / 1_000_000) {
                if (stopping.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.min(left, STOP_POLL_MILLIS));
            }
            return !stopping.getAsBoolean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
