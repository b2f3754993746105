package io.github.cceupgradearchiver.cce;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A call that did not yield a usable body: what kind of failure, and what the API said.
 *
 * @param retryAfter the server's {@code Retry-After}, when it sent one
 */
public record ApiFailure(FailureClass kind, @Nullable Integer httpStatus, @Nullable String errorCode, String message,
                         @Nullable Duration retryAfter) {

    public ApiFailure(FailureClass kind, @Nullable Integer httpStatus, @Nullable String errorCode, String message) {
        this(kind, httpStatus, errorCode, message, null);
    }

    /** 429, 5xx, connection failures and timeouts may pass; anything else will fail again. */
    public boolean isTransient() {
        return kind == FailureClass.THROTTLED || kind == FailureClass.SERVER_ERROR || kind == FailureClass.NETWORK;
    }

    /** One line for logs: {@code THROTTLED HTTP 429 APIGW.0308: The throttling threshold has been reached}. */
    public String describe() {
        return kind + (httpStatus == null ? "" : " HTTP " + httpStatus) + (errorCode == null ? "" : " " + errorCode)
                + ": " + message;
    }
}
