package io.github.cceupgradearchiver.evidence;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A JSON value as the pack's files hold them: numbers keep their digits, objects their last value per key. */
sealed interface Json {

    record JsonObject(Map<String, Json> members) implements Json {
    }

    record JsonArray(List<Json> elements) implements Json {
    }

    record JsonString(String value) implements Json {
    }

    record JsonNumber(BigDecimal value) implements Json {
    }

    record JsonBoolean(boolean value) implements Json {
    }

    enum JsonNull implements Json { NULL }
}
