package io.github.cceupgradearchiver.simulator;

import java.util.Map;

/** One HTTP answer of the simulated API; {@code headers} are added to (and may override) the defaults. */
public record SimulatedResponse(int status, Map<String, String> headers, String body) {

    public SimulatedResponse {
        headers = Map.copyOf(headers);
    }

    public static SimulatedResponse ok(String body) {
        return new SimulatedResponse(200, Map.of(), body);
    }

    public static SimulatedResponse error(int status, String body) {
        return new SimulatedResponse(status, Map.of(), body);
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
