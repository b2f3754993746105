package io.github.cceupgradearchiver.simulator;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies APIG AK/SK signatures (SDK-HMAC-SHA256) the way the gateway does, written from the algorithm rather than
 * from the SDK's signer so that the SDK round trip really tests the pair.
 */
final class SignatureVerifier {

    private static final String ALGORITHM = "SDK-HMAC-SHA256";
    private static final Pattern AUTHORIZATION =
            Pattern.compile(ALGORITHM + " Access=([^,\\s]+), SignedHeaders=([^,\\s]+), Signature=([0-9a-fA-F]+)");
    private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final HexFormat HEX = HexFormat.of();

    private final Function<String, @Nullable String> secretKeys;
    private final Clock clock;

    SignatureVerifier(Map<String, String> secretKeys, Clock clock) {
        this(Map.copyOf(secretKeys)::get, clock);
    }

    /** @param secretKeys the secret key of an access key, or null for one the gateway does not know */
    SignatureVerifier(Function<String, @Nullable String> secretKeys, Clock clock) {
        this.secretKeys = secretKeys;
        this.clock = clock;
    }

    /** The access key the request says it is signed with, if its Authorization header has the signature's form. */
    static Optional<String> accessKey(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        Matcher parts = authorization == null ? null : AUTHORIZATION.matcher(authorization.trim());
        return parts != null && parts.matches() ? Optional.of(parts.group(1)) : Optional.empty();
    }

    /** Why the request must be rejected, or empty when its signature holds. */
    Optional<String> problem(String method, String rawPath, @Nullable String rawQuery, Headers headers, byte[] body) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null) {
            return Optional.of("Authorization header not found");
        }
        Matcher parts = AUTHORIZATION.matcher(authorization.trim());
        if (!parts.matches()) {
            return Optional.of("Authorization header is not " + ALGORITHM);
        }
        String secretKey = secretKeys.apply(parts.group(1));
        if (secretKey == null) {
            return Optional.of("access key " + parts.group(1) + " not found");
        }
        String signedHeaders = parts.group(2);
        List<String> signedNames = List.of(signedHeaders.split(";"));
        if (!signedNames.contains("host")) {
            return Optional.of("host header is not signed");
        }
        String date = headers.getFirst("X-Sdk-Date");
        if (date == null) {
            return Optional.of("X-Sdk-Date header not found");
        }
        try {
            Instant signedAt = LocalDateTime.parse(date, SDK_DATE).toInstant(ZoneOffset.UTC);
            if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
                return Optional.of("X-Sdk-Date " + date + " is more than 15 minutes away from the server time");
            }
        } catch (DateTimeParseException e) {
            return Optional.of("X-Sdk-Date " + date + " is not yyyyMMdd'T'HHmmss'Z'");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedNames) {
            String value = headers.getFirst(name);
            if (value == null) {
                return Optional.of("signed header " + name + " not found");
            }
            canonicalHeaders.append(name).append(':').append(value.trim()).append('\n');
        }
        String payloadHash = UNSIGNED_PAYLOAD.equals(headers.getFirst("X-Sdk-Content-Sha256"))
                ? UNSIGNED_PAYLOAD
                : HEX.formatHex(sha256(body));
        String canonicalRequest = String.join("\n", method, canonicalUri(rawPath), canonicalQuery(rawQuery),
                canonicalHeaders, signedHeaders, payloadHash);
        String stringToSign = ALGORITHM + "\n" + date + "\n" + HEX.formatHex(sha256(bytes(canonicalRequest)));
        byte[] expected = bytes(HEX.formatHex(hmacSha256(secretKey, stringToSign)));
        if (!MessageDigest.isEqual(expected, bytes(parts.group(3)))) {
            return Optional.of("verify aksk signature fail");
        }
        return Optional.empty();
    }

    /** Each path segment encoded, always ending with "/". */
    static String canonicalUri(String rawPath) {
        if (rawPath.equals("/")) {
            return rawPath;
        }
        StringBuilder uri = new StringBuilder();
        for (String segment : rawPath.split("/")) {
            uri.append(encode(decode(segment))).append('/');
        }
        return uri.toString();
    }

    /** Parameters sorted by encoded name; the values of a repeated name keep their order, as the SDK does. */
    static String canonicalQuery(@Nullable String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        SortedMap<String, List<String>> parameters = new TreeMap<>();
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.computeIfAbsent(encode(decode(name)), key -> new ArrayList<>()).add(encode(decode(value)));
        }
        return parameters.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(value -> entry.getKey() + "=" + value))
                .collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding: everything but letters, digits and "-_.~". */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String decode(String text) {
        // A literal "+" is not a space in a path, and clients encode spaces in queries as %20.
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha256(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(key), "HmacSHA256"));
            return mac.doFinal(bytes(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
