package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.text.SafeText;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A call that did not yield a usable body: what kind of failure, and what the API said. The API's code and message
 * are capped and NUL-free from the start, so that whatever it sends can be logged and stored as it is here.
 *
 * @param retryAfter the server's {@code Retry-After}, when it sent one
 */
public record ApiFailure(FailureClass kind, @Nullable Integer httpStatus, @Nullable String errorCode, String message,
                         @Nullable Duration retryAfter) {

    static final int MAX_CODE_CHARS = 100;
    static final int MAX_MESSAGE_CHARS = 1_000;

    public ApiFailure {
        errorCode = SafeText.storable(errorCode, MAX_CODE_CHARS);
        message = SafeText.storable(message, MAX_MESSAGE_CHARS);
    }

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
