package io.github.cceupgradearchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.config.ArchiverProperties.MetricsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code archiver.metrics.pushgateway-url}: an address, never one that carries credentials into the logs. */
class MetricsPropertiesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            http://pushgateway:9091
            https://pgw.example.com/
            http://127.0.0.1:9091
            """)
    void acceptsAPushgatewayAddress(String url) {
        assertThat(new MetricsProperties(url, "job").pushgatewayUri()).hasToString(url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            https://ops:s3cret@pgw:9091
            http://ops@pgw:9091
            http://:s3cret@pgw
            http://pgw:9091/metrics/job/x
            ftp://pgw:9091
            """)
    void refusesAnythingElseCredentialsIncludedNamingTheKey(String url) {
        assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> new MetricsProperties(url, "job"))
                .withMessageStartingWith("archiver.metrics.pushgateway-url: ").withMessageContaining("without credentials");
    }

    @Test
    void noneIsAllowed() {
        assertThat(new MetricsProperties(null, "job").pushgatewayUri()).isNull();
    }

    @Test
    void aBlankJobNamesTheKey() {
        assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> new MetricsProperties(null, " "))
                .withMessage("archiver.metrics.job: must not be blank");
    }
}
