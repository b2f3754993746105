package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

class CallPolicyTest {

    private static final String SUBJECT = "cluster prod (c)";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @ParameterizedTest(name = "{0} is tried {1} times")
    @CsvSource(textBlock = """
            THROTTLED,    4
            SERVER_ERROR, 4
            NETWORK,      4
            NOT_FOUND,    1
            FORBIDDEN,    1
            CLIENT_ERROR, 1
            BAD_RESPONSE, 1
            """)
    void retriesOnlyWhatMayPass(FailureClass kind, int calls) {
        AtomicInteger made = new AtomicInteger();

        ApiResult<String> result = policy(100, 4).call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
            made.incrementAndGet();
            return failed(new ApiFailure(kind, 500, null, "no"));
        });

        assertThat(made).hasValue(calls);
        assertThat(result.attempts()).isEqualTo(calls);
        assertThat(meters.counter("archiver.api.retries").count()).isEqualTo(calls - 1);
    }

    @Test
    void stopsRetryingOnceAStopIsRequested() {
        AtomicInteger made = new AtomicInteger();

        policy(100, 5).call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
            made.incrementAndGet();
            stopping.set(true);
            return failed(new ApiFailure(FailureClass.SERVER_ERROR, 503, null, "busy"));
        });

        assertThat(made).hasValue(1);
    }

    @Test
    void doesNotWaitLongerThanMaxBackoffForARetryAfter() {
        AtomicInteger made = new AtomicInteger();

        ApiResult<String> result = policy(100, 5).call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
            made.incrementAndGet();
            return failed(new ApiFailure(FailureClass.THROTTLED, 429, null, "later", Duration.ofHours(1)));
        });

        assertThat(made).hasValue(1);
        assertThat(result).isInstanceOf(ApiResult.Failed.class);
    }

    @Test
    void returnsTheBodyOnceACallSucceeds() {
        List<ApiResult<String>> answers = new ArrayList<>(List.of(
                failed(new ApiFailure(FailureClass.THROTTLED, 429, null, "slow down", Duration.ofMillis(20))),
                answered("{\"items\":[]}")));

        ApiResult<String> result = policy(100, 5).call(Accounts.DEFAULT, SUBJECT, timeLeft -> answers.remove(0));

        assertThat(result).isEqualTo(new ApiResult.Answered<>("{\"items\":[]}", 2));
    }

    @Test
    void sharesOneRateLimitAcrossAllCallsOfAnAccount() {
        // given: 10 calls a second
        CallPolicy policy = policy(10, 1);
        long start = System.nanoTime();

        // when: eleven calls
        for (int i = 0; i < 11; i++) {
            policy.call(Accounts.DEFAULT, SUBJECT, timeLeft -> answered("{}"));
        }

        // then: the eleventh waited for its turn (a lower bound only: a slow machine cannot make this fail)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void eachAccountHasARateLimitOfItsOwnAndMayHaveItsOwnRate() {
        // given: 2 calls a second by default, 1000 for account "fast"
        var api = new ApiProperties("http://127.0.0.1:1", null, null, null, 4, 2, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMinutes(2), DataSize.ofMegabytes(16), Duration.ofMillis(1), Duration.ofSeconds(60));
        CallPolicy policy = new CallPolicy(api, Map.of("fast", 1000.0), stopping::get, meters);
        long start = System.nanoTime();

        // when: one call of each of three accounts at 2 a second, then 50 of "fast"
        for (String account : List.of("default", "retail", "payments")) {
            policy.call(account, SUBJECT, timeLeft -> answered("{}"));
        }
        for (int i = 0; i < 50; i++) {
            policy.call("fast", SUBJECT, timeLeft -> answered("{}"));
        }

        // then: nobody waited for another account's turn (one shared limiter of 2/s would take 26 s)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anAccountWaitingForItsRateHoldsNoSlotOfAnother() throws Exception {
        // given: 4 slots; account "slow" may call once every 2 s, "fast" 1000 times a second; five calls of "slow" at
        // once: the first is made, the other four wait for their turns
        var api = new ApiProperties("http://127.0.0.1:1", null, null, null, 4, 1000, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMinutes(2), DataSize.ofMegabytes(16), Duration.ofMillis(1), Duration.ofSeconds(60));
        CallPolicy policy = new CallPolicy(api, Map.of("slow", 0.5), stopping::get, meters);
        AtomicInteger slowMade = new AtomicInteger();
        List<Thread> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread thread = new Thread(() -> {
                try {
                    policy.call("slow", SUBJECT, timeLeft -> {
                        slowMade.incrementAndGet();
                        return answered("{}");
                    });
                } catch (AcquirePermissionCancelledException interruptedAtTheEnd) {
                    // the test is over
                }
            });
            thread.setDaemon(true);
            thread.start();
            slow.add(thread);
        }
        while (slowMade.get() == 0) {
            Thread.onSpinWait();
        }
        sleep(Duration.ofMillis(200));

        // when
        for (int i = 0; i < 20; i++) {
            policy.call("fast", SUBJECT, timeLeft -> answered("{}"));
        }

        // then: "fast" made its calls before "slow" had its second turn (the waiting calls held no slot)
        assertThat(slowMade).hasValue(1);
        slow.forEach(Thread::interrupt);
    }

    @Test
    void makesAtMostConcurrencyCallsAtOnceWhateverTheThreads() throws Exception {
        // given: 4 API slots (see policy()) and 12 threads calling at once
        CallPolicy policy = policy(1000, 1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();

        // when: each call takes 50 ms
        for (int i = 0; i < 12; i++) {
            threads.add(started(() -> policy.call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                sleep(Duration.ofMillis(50));
                inFlight.decrementAndGet();
                return answered("{}");
            })));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        // then: never more than 4 in flight, and the slots were used
        assertThat(mostInFlight).hasValue(4);
    }

    @Test
    void holdsNoSlotWhileWaitingToRetry() throws Exception {
        // given: one call told to come back in 1.5 s, and 4 slots
        CallPolicy policy = policy(1000, 2);
        AtomicInteger first = new AtomicInteger();
        Thread retrying = started(() -> policy.call(Accounts.DEFAULT, SUBJECT, timeLeft -> first.getAndIncrement() == 0
                ? failed(new ApiFailure(FailureClass.THROTTLED, 429, null, "later", Duration.ofMillis(1500)))
                : answered("{}")));
        while (first.get() == 0) {
            Thread.onSpinWait();
        }

        // when: four other calls are made during that wait, each waiting (up to 1 s) until all four are in flight
        CountDownLatch allInFlight = new CountDownLatch(4);
        AtomicInteger sawAllInFlight = new AtomicInteger();
        List<Thread> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(started(() -> policy.call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
                allInFlight.countDown();
                if (await(allInFlight, Duration.ofSeconds(1))) {
                    sawAllInFlight.incrementAndGet();
                }
                return answered("{}");
            })));
        }
        for (Thread thread : others) {
            thread.join();
        }
        retrying.join();

        // then: all four had a slot at once: the waiting call held none
        assertThat(sawAllInFlight).hasValue(4);
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void givesEachAttemptOnlyTheTimeLeftOfTheWholeCall() {
        // given: a 2 s call timeout, and attempts that fail after 300 ms each
        List<Duration> given = new ArrayList<>();

        // when
        policy(1000, 5, Duration.ofSeconds(2)).call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
            given.add(timeLeft);
            sleep(Duration.ofMillis(300));
            return failed(new ApiFailure(FailureClass.SERVER_ERROR, 503, null, "busy"));
        });

        // then: the first attempt had the whole call, every later one less than what the one before it had
        assertThat(given.get(0)).isEqualTo(Duration.ofSeconds(2));
        for (int i = 1; i < given.size(); i++) {
            assertThat(given.get(i)).isLessThan(given.get(i - 1).minus(Duration.ofMillis(300)));
        }
    }

    @Test
    void startsNoRetryWhoseWaitWouldPassTheDeadline() {
        AtomicInteger made = new AtomicInteger();

        ApiResult<String> result = policy(1000, 5, Duration.ofSeconds(1)).call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
            made.incrementAndGet();
            return failed(new ApiFailure(FailureClass.THROTTLED, 429, null, "later", Duration.ofSeconds(2)));
        });

        assertThat(made).hasValue(1);
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void stopsWaitingBetweenAttemptsOnceAStopIsRequested() {
        // given: a retry ten minutes away, and a stop requested 200 ms into the wait
        AtomicInteger made = new AtomicInteger();
        Thread stopper = started(() -> {
            sleep(Duration.ofMillis(200));
            stopping.set(true);
        });

        // when
        long start = System.nanoTime();
        policy(1000, 5, Duration.ofHours(1)).call(Accounts.DEFAULT, SUBJECT, timeLeft -> {
            made.incrementAndGet();
            return failed(new ApiFailure(FailureClass.THROTTLED, 429, null, "later", Duration.ofMinutes(10)));
        });

        // then: no second attempt, and nowhere near ten minutes of waiting
        assertThat(made).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(5));
    }

    private CallPolicy policy(double requestsPerSecond, int maxAttempts) {
        return policy(requestsPerSecond, maxAttempts, Duration.ofMinutes(2));
    }

    private CallPolicy policy(double requestsPerSecond, int maxAttempts, Duration callTimeout) {
        var api = new ApiProperties("http://127.0.0.1:1", null, null, null, 4, requestsPerSecond, maxAttempts, Duration.ofSeconds(1),
                Duration.ofSeconds(1), callTimeout, DataSize.ofMegabytes(16), Duration.ofMillis(1),
                callTimeout.compareTo(Duration.ofMinutes(2)) > 0 ? callTimeout : Duration.ofSeconds(60));
        return new CallPolicy(api, Map.of(), stopping::get, meters);
    }

    private static ApiResult<String> failed(ApiFailure failure) {
        return new ApiResult.Failed<>(failure, 1);
    }

    private static ApiResult<String> answered(String body) {
        return new ApiResult.Answered<>(body, 1);
    }
}
