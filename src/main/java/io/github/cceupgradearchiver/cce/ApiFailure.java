package io.github.cceupgradearchiver.cce;

import org.jspecify.annotations.Nullable;

/** A call that did not yield a usable body: what kind of failure, and what the API said. */
public record ApiFailure(FailureClass kind, @Nullable Integer httpStatus, @Nullable String errorCode, String message) {
}
