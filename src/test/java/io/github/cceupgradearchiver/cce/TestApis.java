package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties.AccountProperties;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.core.env.Environment;

/** A {@link CceApi} wired as {@code CceConfiguration} wires it, for tests that call a local server. */
final class TestApis {

    private TestApis() {
    }

    static CceApi cceApi(ApiProperties api, List<AccountProperties> accounts, Environment environment) {
        var endpoints = new Endpoints(api);
        var http = new BoundedHttpClient(api, ProxySettings.of(api.proxy(), environment::getProperty),
                TrustStore.of(api.trustStore()));
        var policy = new CallPolicy(api, Map.of(), () -> false, new SimpleMeterRegistry());
        Set<String> used = Stream.concat(Stream.of(Accounts.DEFAULT), accounts.stream().map(AccountProperties::name))
                .collect(Collectors.toSet());
        return new CceApi(new Accounts(accounts, used, environment, new IamCalls(http, policy, endpoints), Clock.systemUTC()),
                endpoints, List.of(), http, policy, Clock.systemUTC());
    }
}
