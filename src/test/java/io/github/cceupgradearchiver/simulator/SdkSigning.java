package io.github.cceupgradearchiver.simulator;

import com.huaweicloud.sdk.cce.v3.CceClient;
import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Signs with the official SDK, so the tests hold the simulator to what the SDK really sends. */
final class SdkSigning {

    static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String AK = "HPUATESTACCESSKEY";
    static final String SK = "testSecretKey0123456789abcdefghijklmnop";
    static final Map<String, String> CREDENTIALS = Map.of(AK, SK);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SdkSigning() {}

    /** The request's own headers plus the SDK's Host, X-Sdk-Date and Authorization. */
    static Map<String, String> sign(HttpRequest request, String ak, String sk) {
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        headers.putAll(AKSKSigner.getInstance().sign(request, new BasicCredentials().withAk(ak).withSk(sk)));
        return headers;
    }

    static HttpRequest get(String endpoint, String path) {
        return HttpRequest.newBuilder().withMethod(HttpMethod.GET).withEndpoint(endpoint).withPath(path)
                .addHeader("User-Agent", "simulator-test").build();
    }

    /** Sends a GET signed by the SDK's signer through java.net.http, whose responses expose headers. */
    static HttpResponse<String> send(String endpoint, String path, String ak, String sk)
            throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(endpoint + path));
        sign(get(endpoint, path), ak, sk).forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Host")) { // java.net.http sets it itself, to the same authority
                builder.header(name, value);
            }
        });
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(CceApiSimulator simulator, String path) throws IOException, InterruptedException {
        return send(simulator.endpoint(), path, AK, SK);
    }

    static String tasksPath(String clusterId) {
        return "/autopilot/v3/projects/" + PROJECT + "/clusters/" + clusterId + "/operation/upgrade/tasks";
    }

    static CceClient client(CceApiSimulator simulator, String ak, String sk) {
        return CceClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT))
                .withEndpoints(List.of(simulator.endpoint()))
                .build();
    }

    static CceClient client(CceApiSimulator simulator) {
        return client(simulator, AK, SK);
    }
}
