package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.evidence.Json.JsonArray;
import io.github.cceupgradearchiver.evidence.Json.JsonBoolean;
import io.github.cceupgradearchiver.evidence.Json.JsonNull;
import io.github.cceupgradearchiver.evidence.Json.JsonNumber;
import io.github.cceupgradearchiver.evidence.Json.JsonObject;
import io.github.cceupgradearchiver.evidence.Json.JsonString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's jsonb, in Java: reads JSON text (RFC 8259, strictly) and writes it as {@code jsonb::text} does, so a
 * revision's canonical form (docs/integrity.md) can be recomputed byte for byte without PostgreSQL. jsonb keeps the
 * last value of a repeated key, orders an object's keys by their length in UTF-8 bytes and then bytewise, writes
 * {@code ", "} between members and {@code ": "} after a key, prints a number as its {@code numeric} (the digits
 * given, an exponent folded in, never a negative zero), and escapes in strings only {@code "}, {@code \}, and the
 * control characters below U+0020 ({@code \b \f \n \r \t}, the rest as lower-case {@code \}{@code u00xx}).
 */
final class JsonbText {

    /** Deeper than any API response the archive accepts (its JSON reader stops at 1000). */
    private static final int MAX_DEPTH = 2_000;
    /** PostgreSQL's numeric: up to 131072 digits before the decimal point and 16383 after. */
    private static final long NUMERIC_INTEGER_DIGITS = 131_072;
    private static final int NUMERIC_SCALE = 16_383;

    private static final Comparator<String> JSONB_KEY_ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    };

    private final String text;
    private int at;

    private JsonbText(String text) {
        this.text = text;
    }

    /** The value of {@code text}; an {@link IllegalArgumentException} naming the offset when it is not JSON. */
    static Json parse(String text) {
        JsonbText parser = new JsonbText(text);
        parser.whitespace();
        Json value = parser.value(0);
        parser.whitespace();
        if (parser.at != text.length()) {
            throw parser.malformed("text after the value");
        }
        return value;
    }

    /** {@code value} as PostgreSQL renders it as jsonb text. */
    static String render(Json value) {
        StringBuilder out = new StringBuilder();
        render(value, out);
        return out.toString();
    }

    /** {@code value} as a JSON string literal, escaped as jsonb escapes it. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        string(value, out);
        return out.toString();
    }

    /** A number as PostgreSQL's numeric prints it: no exponent, the scale given (at least 0), no sign on zero. */
    static String number(BigDecimal value) {
        BigDecimal plain = value.scale() < 0 ? value.setScale(0) : value;
        return plain.signum() == 0 ? plain.abs().toPlainString() : plain.toPlainString();
    }

    private static void render(Json value, StringBuilder out) {
        if (value instanceof JsonObject object) {
            out.append('{');
            List<String> keys = new ArrayList<>(object.members().keySet());
            keys.sort(JSONB_KEY_ORDER);
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                string(keys.get(i), out);
                out.append(": ");
                render(object.members().get(keys.get(i)), out);
            }
            out.append('}');
        } else if (value instanceof JsonArray array) {
            out.append('[');
            for (int i = 0; i < array.elements().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                render(array.elements().get(i), out);
            }
            out.append(']');
        } else if (value instanceof JsonString string) {
            string(string.value(), out);
        } else if (value instanceof JsonNumber number) {
            out.append(number(number.value()));
        } else if (value instanceof JsonBoolean bool) {
            out.append(bool.value());
        } else {
            out.append("null");
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private Json value(int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH);
        }
        if (at >= text.length()) {
            throw malformed("a value expected, the text ended");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> new JsonString(string());
            case 't' -> literal("true", new JsonBoolean(true));
            case 'f' -> literal("false", new JsonBoolean(false));
            case 'n' -> literal("null", JsonNull.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw malformed("unexpected character " + describe(c));
            }
        };
    }

    private Json object(int depth) {
        at++;
        Map<String, Json> members = new LinkedHashMap<>();
        whitespace();
        if (peek('}')) {
            at++;
            return new JsonObject(members);
        }
        while (true) {
            whitespace();
            if (!peek('"')) {
                throw malformed("a key in quotes expected");
            }
            String key = string();
            whitespace();
            expect(':');
            whitespace();
            members.remove(key); // jsonb keeps the last value of a key given twice
            members.put(key, value(depth + 1));
            whitespace();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return new JsonObject(members);
            }
        }
    }

    private Json array(int depth) {
        at++;
        List<Json> elements = new ArrayList<>();
        whitespace();
        if (peek(']')) {
            at++;
            return new JsonArray(elements);
        }
        while (true) {
            whitespace();
            elements.add(value(depth + 1));
            whitespace();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return new JsonArray(elements);
            }
        }
    }

    private String string() {
        at++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw malformed("a string is not closed");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw malformed("control character " + describe(c) + " in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw malformed("a string is not closed");
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> codePoint(value);
                default -> throw malformed("unknown escape \\" + escaped);
            }
        }
    }

    // jsonb holds Unicode text: a surrogate escape must be a high one followed by a low one, as PostgreSQL requires
    // (an unpaired one would be rendered as '?' by the UTF-8 encoder and hash like another text)
    private void codePoint(StringBuilder value) {
        char c = unicodeEscape();
        if (Character.isLowSurrogate(c)) {
            throw malformed("a Unicode low surrogate must follow a high surrogate");
        }
        value.append(c);
        if (Character.isHighSurrogate(c)) {
            if (!text.startsWith("\\u", at)) {
                throw malformed("a Unicode high surrogate must be followed by a low surrogate");
            }
            at += 2;
            char low = unicodeEscape();
            if (!Character.isLowSurrogate(low)) {
                throw malformed("a Unicode high surrogate must be followed by a low surrogate");
            }
            value.append(low);
        }
    }

    private char unicodeEscape() {
        if (at + 4 > text.length()) {
            throw malformed("\\u needs four hex digits");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            if (digit < 0) {
                throw malformed("\\u needs four hex digits");
            }
            code = code * 16 + digit;
        }
        if (code == 0) {
            throw malformed("\\u0000 cannot be stored in jsonb");
        }
        at += 4;
        return (char) code;
    }

    private Json number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        if (peek('0')) {
            at++;
        } else if (!digits()) {
            throw malformed("a digit expected in a number");
        }
        if (peek('.')) {
            at++;
            if (!digits()) {
                throw malformed("a digit expected after the decimal point");
            }
        }
        if (peek('e') || peek('E')) {
            at++;
            if (peek('+') || peek('-')) {
                at++;
            }
            if (!digits()) {
                throw malformed("a digit expected in the exponent");
            }
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text.substring(start, at));
        } catch (NumberFormatException | ArithmeticException e) {
            throw malformed("number out of range");
        }
        // numeric's limits, checked before anything writes the number out: 1e99999999 would print 10^8 digits
        // (a zero has no integer digits however large its exponent: PostgreSQL reads 0e999999 as 0)
        boolean tooLong = number.signum() != 0 && (long) number.precision() - number.scale() > NUMERIC_INTEGER_DIGITS;
        if (tooLong || number.scale() > NUMERIC_SCALE) {
            throw malformed("number beyond PostgreSQL numeric's range");
        }
        return new JsonNumber(number);
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private Json literal(String word, Json value) {
        if (!text.startsWith(word, at)) {
            throw malformed("unexpected word");
        }
        at += word.length();
        return value;
    }

    private void whitespace() {
        while (at < text.length() && " \t\n\r".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw malformed("'" + c + "' expected");
        }
        at++;
    }

    private static String describe(char c) {
        return String.format("U+%04X", (int) c);
    }

    private IllegalArgumentException malformed(String problem) {
        return new IllegalArgumentException("not JSON at character " + (at + 1) + ": " + problem);
    }
}
