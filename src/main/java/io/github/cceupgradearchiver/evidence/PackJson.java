package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.evidence.Json.JsonArray;
import io.github.cceupgradearchiver.evidence.Json.JsonNull;
import io.github.cceupgradearchiver.evidence.Json.JsonNumber;
import io.github.cceupgradearchiver.evidence.Json.JsonObject;
import io.github.cceupgradearchiver.evidence.Json.JsonString;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads the members of one object of a pack file; a missing or mistyped member is an IllegalArgumentException naming it. */
record PackJson(JsonObject object) {

    static PackJson of(Json value) {
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new PackJson(object);
    }

    Json value(String name) {
        Json value = object.members().get(name);
        if (value == null) {
            throw new IllegalArgumentException("no \"" + name + "\"");
        }
        return value;
    }

    String text(String name) {
        if (value(name) instanceof JsonString string) {
            return string.value();
        }
        throw new IllegalArgumentException("\"" + name + "\" is not a string");
    }

    @Nullable String nullableText(String name) {
        return value(name) == JsonNull.NULL ? null : text(name);
    }

    long number(String name) {
        if (value(name) instanceof JsonNumber number) {
            try {
                return number.value().longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("\"" + name + "\" is not a whole number");
            }
        }
        throw new IllegalArgumentException("\"" + name + "\" is not a number");
    }

    List<Json> array(String name) {
        if (value(name) instanceof JsonArray array) {
            return array.elements();
        }
        throw new IllegalArgumentException("\"" + name + "\" is not an array");
    }

    PackJson object(String name) {
        return of(value(name));
    }
}
