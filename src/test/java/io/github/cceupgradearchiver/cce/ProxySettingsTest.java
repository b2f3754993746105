package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which proxy a call goes through: the setting, else the environment's variables, with NO_PROXY calling past it. */
class ProxySettingsTest {

    @ParameterizedTest(name = "{0} with {1}, HTTPS_PROXY={2}, HTTP_PROXY={3}, NO_PROXY={4} -> {5}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            https://cce.cn-north-4.myhuaweicloud.com/x | -                    | http://p:3128 | -             | -                       | p:3128
            http://127.0.0.1:8099/x                    | -                    | http://p:3128 | -             | -                       | DIRECT
            http://127.0.0.1:8099/x                    | -                    | -             | http://h:8080 | -                       | h:8080
            https://cce.cn-north-4.myhuaweicloud.com/x | -                    | http://p:3128 | -             | .myhuaweicloud.com      | DIRECT
            https://cce.cn-north-4.myhuaweicloud.com/x | -                    | http://p:3128 | -             | *.myhuaweicloud.com     | DIRECT
            https://cce.cn-north-4.myhuaweicloud.com/x | -                    | http://p:3128 | -             | myhuaweicloud.com       | DIRECT
            https://notmyhuaweicloud.com/x             | -                    | http://p:3128 | -             | myhuaweicloud.com       | p:3128
            https://cce.eu-west-101.myhuaweicloud.eu/x | -                    | http://p:3128 | -             | internal, localhost     | p:3128
            https://anything.example/x                 | -                    | http://p:3128 | -             | *                       | DIRECT
            https://cce.cn-north-4.myhuaweicloud.com/x | http://u:pw@cfg:3128 | http://p:3128 | -             | .myhuaweicloud.com      | cfg:3128
            http://127.0.0.1:8099/x                    | http://cfg:3128      | -             | -             | -                       | cfg:3128
            https://cce.cn-north-4.myhuaweicloud.com/x | -                    | -             | -             | -                       | DIRECT
            """)
    void chooses(String url, @Nullable String configured, @Nullable String httpsProxy, @Nullable String httpProxy,
                 @Nullable String noProxy, String expected) {
        Map<String, String> environment = new HashMap<>();
        if (httpsProxy != null) {
            environment.put("HTTPS_PROXY", httpsProxy);
        }
        if (httpProxy != null) {
            environment.put("http_proxy", httpProxy); // lower case is read too
        }
        if (noProxy != null) {
            environment.put("NO_PROXY", noProxy);
        }

        Proxy proxy = ProxySettings.of(configured, environment::get).select(URI.create(url)).get(0);

        assertThat(proxy.type() == Proxy.Type.DIRECT ? "DIRECT"
                : ((InetSocketAddress) proxy.address()).getHostString() + ":" + ((InetSocketAddress) proxy.address()).getPort())
                .isEqualTo(expected);
    }

    @Test
    void neverShowsThePassword() {
        ProxySettings settings = ProxySettings.of("http://archiver:s3cret%40pw@proxy.internal:3128", name -> null);

        assertThat(settings.toString()).contains("proxy.internal:3128").doesNotContain("s3cret").doesNotContain("archiver");
    }

    @ParameterizedTest
    @CsvSource({"https://proxy:3128", "socks5://proxy:1080", "http://"})
    void aProxyThatIsNotHttpIsAConfigurationErrorNamingTheKey(String url) {
        assertThatExceptionOfType(InvalidConfigurationException.class)
                .isThrownBy(() -> ProxySettings.of(url, name -> null))
                .withMessageStartingWith("archiver.api.proxy");
    }
}
