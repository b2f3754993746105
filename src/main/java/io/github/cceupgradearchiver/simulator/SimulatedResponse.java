package io.github.cceupgradearchiver.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP answer of the simulated API; {@code headers} are added to (and may override) the defaults. Its body is
 * {@code body}, or, when {@code stream} is set, whatever {@code stream} writes, sent chunked as it is written (for
 * answers too large or too slow to hold as a string).
 */
public record SimulatedResponse(int status, Map<String, String> headers, String body, @Nullable BodyWriter stream) {

    /** Writes a body as it goes. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException, InterruptedException;
    }

    public SimulatedResponse {
        headers = Map.copyOf(headers);
    }

    public SimulatedResponse(int status, Map<String, String> headers, String body) {
        this(status, headers, body, null);
    }

    public static SimulatedResponse ok(String body) {
        return new SimulatedResponse(200, Map.of(), body);
    }

    public static SimulatedResponse error(int status, String body) {
        return new SimulatedResponse(status, Map.of(), body);
    }

    /** An answer whose body {@code stream} writes while it is sent. */
    public static SimulatedResponse streamed(int status, Map<String, String> headers, BodyWriter stream) {
        return new SimulatedResponse(status, headers, "", stream);
    }

    /** CCE's answer for a cluster it does not know. */
    public static SimulatedResponse notFound(String clusterId) {
        return error(404, Json.object("error_code", "CCE.01404001", "error_msg", "Resource not found: cluster " + clusterId));
    }

    /** CCE's answer when its backend fails. */
    public static SimulatedResponse serverError() {
        return error(503, Json.object("error_code", "CCE.01500001", "error_msg", "Internal server error"));
    }

    /** The gateway's throttling answer, which uses the camelCase error shape. */
    public static SimulatedResponse throttled(int retryAfterSeconds) {
        return new SimulatedResponse(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
                Json.object("errorCode", "APIGW.0308", "errorMessage", "The throttling threshold has been reached"));
    }
}
