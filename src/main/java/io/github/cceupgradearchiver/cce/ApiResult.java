package io.github.cceupgradearchiver.cce;

/** What one API call came to once {@link CallPolicy} is done with it: an answer or a failure, and the attempts it took. */
public sealed interface ApiResult<T> {

    /** Calls made, retries included (1 when the first call settled it). */
    int attempts();

    ApiResult<T> withAttempts(int attempts);

    record Answered<T>(T answer, int attempts) implements ApiResult<T> {
        @Override
        public Answered<T> withAttempts(int attempts) {
            return new Answered<>(answer, attempts);
        }
    }

    record Failed<T>(ApiFailure failure, int attempts) implements ApiResult<T> {
        @Override
        public Failed<T> withAttempts(int attempts) {
            return new Failed<>(failure, attempts);
        }
    }
}
