package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP proxy every API and IAM call goes through: {@code archiver.api.proxy} when set, else the environment's
 * {@code HTTPS_PROXY} (https endpoints) or {@code HTTP_PROXY} (http endpoints), lower-case variants too, with
 * {@code NO_PROXY} (host names, {@code .domain} suffixes, {@code *}) calling past it. The proxy's user and password
 * go only into {@code Proxy-Authorization}, never into a log line or a {@link #toString()}.
 */
final class ProxySettings extends ProxySelector {

    private final @Nullable Endpoint https;
    private final @Nullable Endpoint http;
    private final List<String> noProxy;

    /** A proxy: where, and who. */
    private record Endpoint(InetSocketAddress address, @Nullable String user, @Nullable String password) {

        @Override
        public String toString() {
            return address.getHostString() + ":" + address.getPort() + (user == null ? "" : " (as ***)");
        }
    }

    private ProxySettings(@Nullable Endpoint https, @Nullable Endpoint http, List<String> noProxy) {
        this.https = https;
        this.http = http;
        this.noProxy = noProxy;
    }

    /**
     * @param configured  {@code archiver.api.proxy}, or null
     * @param environment reads an environment variable (null when unset)
     */
    static ProxySettings of(@Nullable String configured, Function<String, @Nullable String> environment) {
        if (configured != null && !configured.isBlank()) {
            Endpoint proxy = parse(configured, "archiver.api.proxy");
            return new ProxySettings(proxy, proxy, List.of());
        }
        String https = variable(environment, "HTTPS_PROXY");
        String http = variable(environment, "HTTP_PROXY");
        String noProxy = variable(environment, "NO_PROXY");
        return new ProxySettings(https == null ? null : parse(https, "HTTPS_PROXY"),
                http == null ? null : parse(http, "HTTP_PROXY"),
                noProxy == null ? List.of() : Arrays.stream(noProxy.split(","))
                        .map(entry -> entry.trim().toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "")
                                .replaceFirst("^\\*?\\.", ""))
                        .filter(entry -> !entry.isEmpty()).toList());
    }

    private static @Nullable String variable(Function<String, @Nullable String> environment, String name) {
        String value = Optional.ofNullable(environment.apply(name)).orElseGet(() -> environment.apply(name.toLowerCase(Locale.ROOT)));
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Endpoint parse(String url, String key) {
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "http://" + url);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, "is not a proxy URL such as http://proxy:3128");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new InvalidConfigurationException(key, "must be an http:// proxy URL with a host, such as http://proxy:3128");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        return new Endpoint(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()),
                user, password);
    }

    @Override
    public List<Proxy> select(URI uri) {
        Endpoint proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (proxy == null || bypassed(uri.getHost())) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, proxy.address()));
    }

    private boolean bypassed(@Nullable String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return noProxy.stream().anyMatch(entry -> entry.equals("*") || name.equals(entry) || name.endsWith("." + entry));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // OkHttp reports the failure to the caller; the call policy decides about another attempt
    }

    /** Answers the proxy's 407 with the user and password of the proxy it came from. */
    Authenticator authenticator() {
        return (route, response) -> {
            if (response.request().header("Proxy-Authorization") != null) {
                return null; // refused once: the same credentials would be refused again
            }
            // OkHttp also asks before a CONNECT, preemptively; either variable may be unset
            Endpoint proxy = route == null ? null : Stream.of(https, http)
                    .filter(candidate -> candidate != null && candidate.user() != null
                            && candidate.address().equals(route.proxy().address()))
                    .findFirst().orElse(null);
            return proxy == null ? null : response.request().newBuilder()
                    .header("Proxy-Authorization", Credentials.basic(proxy.user(), proxy.password(), StandardCharsets.UTF_8))
                    .build();
        };
    }

    /** Where calls go, for the start-up log: never the credentials. */
    @Override
    public String toString() {
        return https == null && http == null ? "no proxy"
                : "proxy https=" + https + ", http=" + http + (noProxy.isEmpty() ? "" : ", NO_PROXY " + noProxy);
    }
}
