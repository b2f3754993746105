package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.testsupport.ForwardingProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/** Calls through a proxy to where the SDK's region table says, without a real network: the proxy refuses CONNECT. */
class ProxiedCallsTest {

    @Test
    void anHttpsEndpointIsReachedWithConnectThroughTheProxyAndARefusalIsANetworkFailure() throws Exception {
        try (ForwardingProxy proxy = ForwardingProxy.start()) {
            // given
            var properties = new ApiProperties(null, null, null, null, 2, 100, 1, Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), DataSize.ofMegabytes(1), Duration.ofMillis(10),
                    Duration.ofSeconds(1));
            // only HTTPS_PROXY set, as is common: the preemptive proxy authentication must cope with no HTTP_PROXY
            var environment = new MockEnvironment().withProperty("CLOUD_SDK_AK", "AK").withProperty("CLOUD_SDK_SK", "SK")
                    .withProperty("HTTPS_PROXY", proxy.url());
            CceApi api = TestApis.cceApi(properties, List.of(), environment);

            // when
            ApiResult<ApiAnswer> result = api.upgradeTasks(new ClusterRef("p1", "eu-west-101", "c1", null));

            // then
            assertThat(proxy.connectTargets()).containsExactly("cce.eu-west-101.myhuaweicloud.eu:443");
            assertThat(result).isInstanceOf(ApiResult.Failed.class);
            ApiFailure failure = ((ApiResult.Failed<ApiAnswer>) result).failure();
            assertThat(failure.kind()).as(failure.describe()).isEqualTo(FailureClass.NETWORK);
        }
    }
}
