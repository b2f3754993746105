package io.github.cceupgradearchiver.text;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Text from outside (the API, a failing driver) made fit for PostgreSQL and for a log line. PostgreSQL's {@code text}
 * cannot hold NUL, and an unpaired surrogate would reach it as {@code ?}: both are written as {@code \\uXXXX}. Long
 * text is capped with a note of how much was cut, so that a 5 MB error code costs 1 KB of archive, not 5 MB.
 */
public final class SafeText {

    // Credentials in connection URLs: jdbc:postgresql://host/db?password=x, user:secret@host, ;password=x
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword|sslkey_password)\\s*=\\s*)[^&;\\s\"']*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^/\\s:@\"']+):[^@/\\s\"']*@");

    private SafeText() {
    }

    /**
     * For storage: NUL and unpaired surrogates escaped, at most {@code maxChars} characters (a cut never splits a
     * surrogate pair). {@code null} stays {@code null}.
     */
    public static @Nullable String storable(@Nullable String text, int maxChars) {
        if (text == null) {
            return null;
        }
        String clean = escape(text, false);
        if (clean.length() <= maxChars) {
            return clean;
        }
        int cut = Character.isHighSurrogate(clean.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return clean.substring(0, cut) + "… (" + (clean.length() - cut) + " more characters)";
    }

    /** For a log line: every control character, line separator and unpaired surrogate escaped ({@code \n}, {@code \u001b}). */
    public static String loggable(String text) {
        return escape(text, true);
    }

    /** For a message about a value from outside: escaped as for a log line, capped, quoted. */
    public static String quoted(String text, int maxChars) {
        return "'" + storable(loggable(text), maxChars) + "'";
    }

    /** The text with any password in a connection URL (query parameter or user info) replaced by {@code ***}. */
    public static String withoutCredentials(String text) {
        String withoutUserInfo = URL_USER_INFO.matcher(text).replaceAll("$1:***@");
        return URL_PASSWORD.matcher(withoutUserInfo).replaceAll("$1***");
    }

    private static String escape(String text, boolean controls) {
        int i = 0;
        while (i < text.length() && !needsEscape(text, i, controls)) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!needsEscape(text, i, controls)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(String text, int i, boolean controls) {
        char c = text.charAt(i);
        if (c == 0) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        // C0, DEL, C1, the Unicode line and paragraph separators, and the bidi overrides that reorder what a reader sees
        return controls && (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069'));
    }
}
