package io.github.cceupgradearchiver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** archiver.accounts as bound from configuration: every mistake names its key; no secret is ever shown. */
class AccountsConfigurationTest {

    private static final String VALID = """
            archiver.accounts[0].name=retail
            archiver.accounts[0].access-key=RETAIL-AK
            archiver.accounts[0].secret-key=retail-secret-never-shown
            archiver.accounts[0].security-token=retail-token-never-shown
            archiver.accounts[1].name=payments
            archiver.accounts[1].agency.domain-name=payments-domain
            archiver.accounts[1].agency.agency-name=archiver-read
            archiver.clusters[0].project-id=p1
            archiver.clusters[0].region=cn-north-4
            archiver.clusters[0].cluster-id=c1
            archiver.clusters[0].account=retail
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown cluster account     | archiver.clusters[0].account=wholesale                   | archiver.clusters[0].account: no account named wholesale
            unknown discovery account   | archiver.discovery[0].project-id=p2;archiver.discovery[0].region=cn-north-4;archiver.discovery[0].account=nobody | archiver.discovery[0].account: no account named nobody
            unknown source account      | archiver.accounts[1].agency.source-account=ghost         | archiver.accounts[1].agency.source-account: no account named ghost
            agency as source            | archiver.accounts[2].name=x;archiver.accounts[2].agency.domain-name=d;archiver.accounts[2].agency.agency-name=a;archiver.accounts[2].agency.source-account=payments | archiver.accounts[2].agency.source-account: account payments is reached through an agency itself
            the same name twice         | archiver.accounts[1].name=retail                         | archiver.accounts[1].name: account retail is defined twice
            reserved name               | archiver.accounts[1].name=default                        | archiver.accounts[1].name: is reserved
            access key alone            | archiver.accounts[0].secret-key=                         | archiver.accounts[0].secret-key: is not set, but its partner is
            keys and an agency          | archiver.accounts[1].access-key=A;archiver.accounts[1].secret-key=S | archiver.accounts[1].agency: an account has keys or an agency, not both
            agency without a domain     | archiver.accounts[1].agency.domain-name=                 | archiver.accounts[1].agency.domain-name: set the domain-name or the domain-id
            agency with both domains    | archiver.accounts[1].agency.domain-id=0123               | archiver.accounts[1].agency.domain-name: set the domain-name or the domain-id
            token without keys          | archiver.accounts[2].name=y;archiver.accounts[2].security-token=T | archiver.accounts[2].security-token: needs access-key and secret-key
            """)
    void aMistakeIsAConfigurationErrorNamingTheKey(String mistake, String overrides, String message) {
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(overrides))
                .havingRootCause().isInstanceOf(InvalidConfigurationException.class).withMessageContaining(message);
    }

    @Test
    void theDefaultAccountMayBeNamedAndNoSecretIsShown() {
        ArchiverProperties properties = bind("archiver.clusters[0].account=default");

        assertThat(properties.clusters().get(0).account()).isEqualTo("default");
        assertThat(properties.toString()).contains("retail", "payments", "archiver-read")
                .doesNotContain("retail-secret-never-shown", "retail-token-never-shown", "RETAIL-AK");
        assertThat(properties.accounts().get(1).agency().duration()).hasHours(1);
    }

    private static ArchiverProperties bind(String overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : (VALID + overrides.replace(';', '\n')).split("\n")) {
            if (!line.isBlank()) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("archiver", ArchiverProperties.class);
    }
}
