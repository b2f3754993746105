package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

/** Each region's endpoint: the SDK's region tables unless archiver.api.endpoint / iam-endpoint say otherwise. */
class EndpointsTest {

    @ParameterizedTest(name = "{0} with endpoint {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            eu-west-101    | -                                    | https://cce.eu-west-101.myhuaweicloud.eu
            cn-north-4     | -                                    | https://cce.cn-north-4.myhuaweicloud.com
            ap-southeast-1 | -                                    | https://cce.ap-southeast-1.myhuaweicloud.com
            eu-west-101    | https://cce.{region}.example.com/    | https://cce.eu-west-101.example.com
            xx-nowhere-1   | http://127.0.0.1:8099                | http://127.0.0.1:8099
            """, delimiter = '|')
    void cceEndpointOfARegion(String region, @Nullable String configured, String expected) {
        assertThat(endpoints(configured, null).cce(region)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with iam-endpoint {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            eu-west-101  | -                              | https://iam.eu-west-101.myhuaweicloud.eu
            cn-north-4   | -                              | https://iam.cn-north-4.myhuaweicloud.com
            xx-nowhere-1 | -                              | https://iam.myhuaweicloud.com
            cn-north-4   | https://iam.{region}.internal  | https://iam.cn-north-4.internal
            """, delimiter = '|')
    void iamEndpointOfARegion(String region, @Nullable String configured, String expected) {
        assertThat(endpoints(null, configured).iam(region)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"xx-nowhere-1", "cn-north-99"})
    void aRegionTheSdkDoesNotKnowWithoutAnEndpointIsAConfigurationErrorNamingIt(String region) {
        assertThatExceptionOfType(InvalidConfigurationException.class)
                .isThrownBy(() -> endpoints(null, null).requireKnown(List.of("cn-north-4", region)))
                .withMessageContaining("archiver.api.endpoint").withMessageContaining("region " + region);
    }

    private static Endpoints endpoints(@Nullable String endpoint, @Nullable String iamEndpoint) {
        return new Endpoints(new ApiProperties(endpoint, iamEndpoint, null, null, 8, 10, 5, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofMinutes(2), DataSize.ofMegabytes(16), Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
    }
}
