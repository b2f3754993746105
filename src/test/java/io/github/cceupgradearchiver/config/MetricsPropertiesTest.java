package io.github.cceupgradearchiver.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cceupgradearchiver.config.ArchiverProperties.MetricsProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code archiver.metrics.pushgateway-url}: an address, never one that carries credentials into the logs. */
class MetricsPropertiesTest {

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            http://pushgateway:9091
            https://pgw.example.com/
            http://127.0.0.1:9091
            """)
    void acceptsAPushgatewayAddress(String url) {
        assertThat(VALIDATOR.validate(new MetricsProperties(url, "job"))).isEmpty();
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
        Set<ConstraintViolation<MetricsProperties>> violations = VALIDATOR.validate(new MetricsProperties(url, "job"));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.getPropertyPath()).hasToString("pushgatewayUrl");
            assertThat(violation.getMessage()).contains("without credentials");
        });
    }

    @Test
    void noneIsAllowed() {
        assertThat(VALIDATOR.validate(new MetricsProperties(null, "job"))).isEmpty();
    }
}
