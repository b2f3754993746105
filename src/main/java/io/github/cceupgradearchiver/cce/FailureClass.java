package io.github.cceupgradearchiver.cce;

/**
 * Why a cluster failed, as recorded in {@code cluster_fetch.error_class}: how the call to the API failed, or
 * {@link #UNSTORABLE} when PostgreSQL refused what it answered. {@link #TLS}: the server's certificate is not trusted
 * (the JDK's CAs and {@code archiver.api.trust-store}), which no retry changes.
 */
public enum FailureClass {
    NOT_FOUND, FORBIDDEN, THROTTLED, SERVER_ERROR, CLIENT_ERROR, BAD_RESPONSE, NETWORK, TLS, UNSTORABLE;

    static FailureClass ofStatus(int status) {
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 401 || status == 403) {
            return FORBIDDEN;
        }
        if (status == 429) {
            return THROTTLED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return status >= 400 ? CLIENT_ERROR : BAD_RESPONSE;
    }
}
