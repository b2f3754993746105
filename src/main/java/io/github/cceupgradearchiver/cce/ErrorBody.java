package io.github.cceupgradearchiver.cce;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The code and message of an API error body. Huawei Cloud answers in several shapes:
 * {@code error_code/error_msg} (CCE, the gateway), {@code errorCode/errorMessage} (throttling),
 * and {@code {"error": {"code", "message"}}} (IAM).
 */
record ErrorBody(@Nullable String code, @Nullable String message) {


    static ErrorBody parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return new ErrorBody(null, null);
        }
        try {
            JsonNode root = ApiJson.MAPPER.readTree(body);
            JsonNode nested = root.path("error");
            JsonNode holder = nested.isObject() ? nested : root;
            return new ErrorBody(
                    first(holder, "error_code", "errorCode", "code"),
                    first(holder, "error_msg", "errorMessage", "message", "error_message"));
        } catch (JacksonException e) {
            return new ErrorBody(null, abbreviate(body));
        }
    }

    private static @Nullable String first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (value.isValueNode() && !value.isNull()) {
                return value.asString();
            }
        }
        return null;
    }

    static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
