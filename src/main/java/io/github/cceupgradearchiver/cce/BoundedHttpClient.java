package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exchange.SdkExchange;
import com.huaweicloud.sdk.core.exchange.SdkExchangeCache;
import com.huaweicloud.sdk.core.http.HttpClient;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.http.HttpRequest;
import com.huaweicloud.sdk.core.http.HttpResponse;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.text.Failures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The SDK's HTTP layer, replaced so that no answer can exhaust the heap or hold the run: the SDK still builds, signs
 * and classifies every call, but this client sends it and reads the body, at most {@code archiver.api.max-body-size}
 * bytes after decompression, within the time the call has left ({@code archiver.api.call-timeout} for all its
 * attempts). The SDK's own client cannot: it hands OkHttp's transparent gzip and an unbounded {@code string()} to its
 * listeners, and it has no deadline for the whole call, only one per socket read.
 * <p>
 * HcClient takes its HTTP client only through a package-private constructor (ClientBuilder always builds the default
 * one); {@link #client} reaches it by reflection, which fails at once, not on the first call, if an SDK upgrade moves it.
 */
final class BoundedHttpClient implements HttpClient {

    /** The header HcClient adds after signing to find its exchange again; never sent. */
    private static final String EXCHANGE_HEADER = "SDK_EXCHANGE";
    private static final String CALL = BoundedHttpClient.class.getName() + ".call";
    private static final Constructor<HcClient> HC_CLIENT = hcClientConstructor();

    private final OkHttpClient okHttp;
    private final long maxBodyBytes;
    private final ApiProperties api;

    /**
     * @param proxy what calls go through ({@link ProxySettings})
     * @param trust which servers are trusted ({@link TrustStore}); the SDK's {@code ignoreSSLVerification} plays no
     *              part, since the SDK's own client never sends
     */
    BoundedHttpClient(ApiProperties api, ProxySettings proxy, TrustStore trust) {
        this.api = api;
        this.maxBodyBytes = api.maxBodySize().toBytes();
        this.okHttp = new OkHttpClient.Builder()
                .proxySelector(proxy)
                .proxyAuthenticator(proxy.authenticator())
                .sslSocketFactory(trust.socketFactory(), trust.trustManager())
                .connectTimeout(api.connectTimeout())
                .readTimeout(api.readTimeout())
                .writeTimeout(api.readTimeout())
                .callTimeout(api.callTimeout())
                .connectionPool(new ConnectionPool(api.concurrency(), 5, TimeUnit.MINUTES))
                .protocols(List.of(Protocol.HTTP_1_1))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false) // CallPolicy decides what is tried again
                .build();
    }

    /** An SDK client that sends through this one. */
    HcClient client(HttpConfig config) {
        try {
            return HC_CLIENT.newInstance(config, this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the Huawei Cloud SDK client", e);
        }
    }

    /** The exchange attribute a call passes (see {@link Exchange}). */
    static SdkExchange exchange(Exchange call) {
        return new SdkExchange().addAttribute(CALL, call);
    }

    /**
     * What one call needs and leaves behind: the time it has, and the response it received (kept even for an error
     * status, whose body the SDK reads only to throw).
     */
    static final class Exchange {
        private final Duration timeLeft;
        volatile @Nullable BoundedResponse response;

        Exchange(Duration timeLeft) {
            this.timeLeft = timeLeft;
        }
    }

    /** The body cannot be used: larger than {@code archiver.api.max-body-size} (nothing more was read), corrupt gzip, or an encoding not asked for. */
    static final class UnusableBodyException extends SdkException {
        private final int status;

        UnusableBodyException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the answer had. */
        int status() {
            return status;
        }
    }

    /** The server's certificate is not one to trust (or not for its name): a permanent failure, {@link FailureClass#TLS}. */
    static final class UntrustedServerException extends SdkException {

        UntrustedServerException(String endpoint, IOException cause) {
            super("TLS: " + endpoint + " is not trusted (neither by the JDK's CAs nor by archiver.api.trust-store): "
                    + Failures.describe(cause));
        }
    }

    @Override
    public HttpResponse syncInvokeHttp(HttpRequest request) {
        String exchangeId = request.getHeader(EXCHANGE_HEADER);
        SdkExchange sdkExchange = exchangeId == null ? null : SdkExchangeCache.getExchange(exchangeId);
        Exchange exchange = sdkExchange == null ? null : sdkExchange.getAttribute(CALL);
        Duration timeLeft = exchange == null ? api.callTimeout() : exchange.timeLeft;
        if (timeLeft.isZero() || timeLeft.isNegative()) {
            throw timedOut(null);
        }
        Call call = okHttp.newCall(okHttpRequest(request));
        call.timeout().timeout(timeLeft.toNanos(), TimeUnit.NANOSECONDS);
        try (Response response = call.execute()) {
            BoundedResponse bounded = new BoundedResponse(response.code(), response.headers().toMultimap(),
                    read(response));
            if (exchange != null) {
                exchange.response = bounded;
            }
            return bounded;
        } catch (SSLHandshakeException | SSLPeerUnverifiedException e) {
            throw new UntrustedServerException(request.getEndpoint(), e);
        } catch (IOException e) {
            throw call.isCanceled() ? timedOut(e) : new ConnectionException(Failures.describe(e), e);
        }
    }

    @Override
    public CompletableFuture<HttpResponse> asyncInvokeHttp(HttpRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the archiver calls the API synchronously"));
    }

    private ConnectionException timedOut(@Nullable IOException cause) {
        return new ConnectionException("no complete answer within archiver.api.call-timeout ("
                + api.callTimeout().toString().substring(2).toLowerCase() + ", all attempts of the call together)", cause);
    }

    /** The signed request as OkHttp sends it; we ask for gzip ourselves, so OkHttp leaves decompressing to {@link #read}. */
    private static Request okHttpRequest(HttpRequest request) {
        HttpUrl parsed = HttpUrl.parse(request.getEndpoint() + request.getPathParamsString());
        if (parsed == null) {
            throw new SdkException("not a URL: " + request.getEndpoint() + request.getPathParamsString());
        }
        HttpUrl.Builder url = parsed.newBuilder();
        request.getQueryParams().forEach((name, values) -> {
            if (values.isEmpty()) {
                url.addQueryParameter(name, null);
            } else {
                values.forEach(value -> url.addQueryParameter(name, value));
            }
        });
        // The signature covers the body's hash: it is sent as the SDK serialized it (IAM's assume-role has one).
        String body = request.getBodyAsString();
        String contentType = request.getContentType() == null ? "application/json" : request.getContentType();
        String method = request.getMethod().toString();
        boolean withBody = (body != null && !body.isEmpty()) || List.of("POST", "PUT", "PATCH").contains(method);
        Request.Builder builder = new Request.Builder().url(url.build()).method(method, withBody
                ? RequestBody.create((body == null ? "" : body).getBytes(StandardCharsets.UTF_8), MediaType.parse(contentType))
                : null);
        request.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(EXCHANGE_HEADER)) {
                values.forEach(value -> builder.addHeader(name, value));
            }
        });
        return builder.header("Accept-Encoding", "gzip").build();
    }

    /** The body, at most maxBodyBytes once decompressed; a larger one is not read further. */
    private String read(Response response) throws IOException {
        ResponseBody body = response.body();
        if (body == null) {
            return "";
        }
        String encoding = response.header("Content-Encoding", "identity").trim();
        boolean gzip = encoding.equalsIgnoreCase("gzip");
        if (!gzip && !encoding.equalsIgnoreCase("identity")) {
            throw new UnusableBodyException(response.code(), "the body's Content-Encoding " + encoding + " was not asked for");
        }
        if (!gzip && body.contentLength() > maxBodyBytes) {
            throw oversized(response, body.contentLength() + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(body.contentLength(), 8_192), 1 << 20));
        try (InputStream raw = body.byteStream(); InputStream in = gzip ? new GZIPInputStream(raw, 8_192) : raw) {
            byte[] buffer = new byte[8_192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (out.size() + n > maxBodyBytes) {
                    throw oversized(response, "more than that" + (gzip ? " once decompressed" : ""));
                }
                out.write(buffer, 0, n);
            }
        } catch (ZipException e) {
            throw new UnusableBodyException(response.code(), "the gzip body is corrupt: " + e.getMessage());
        }
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        return out.toString(charset);
    }

    private UnusableBodyException oversized(Response response, String size) {
        return new UnusableBodyException(response.code(),
                "the body exceeds archiver.api.max-body-size (" + shown(api.maxBodySize()) + "): " + size);
    }

    /** As the setting is written: 16MB rather than 16777216B. */
    private static String shown(DataSize size) {
        long bytes = size.toBytes();
        return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + "MB" : bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
    }

    private static Constructor<HcClient> hcClientConstructor() {
        try {
            Constructor<HcClient> constructor = HcClient.class.getDeclaredConstructor(HttpConfig.class, HttpClient.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("this Huawei Cloud SDK has no HcClient(HttpConfig, HttpClient): "
                    + "the archiver needs it to bound API calls (see BoundedHttpClient)");
        }
    }

    /** A response whose body has been read within the bounds. */
    record BoundedResponse(int status, Map<String, List<String>> headers, String body) implements HttpResponse {

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        public String getContentType() {
            String type = getHeader("Content-Type");
            return type == null ? "application/json" : type;
        }

        @Override
        public long getContentLength() {
            return body.length();
        }

        @Override
        public Map<String, List<String>> getHeaders() {
            return headers;
        }

        @Override
        public String getBodyAsString() {
            return body;
        }

        @Override
        public byte[] getBodyAsBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(getBodyAsBytes());
        }

        @Override
        public @Nullable String getHeader(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
                    .map(entry -> entry.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }
}
