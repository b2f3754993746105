package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties;
import io.github.cceupgradearchiver.config.ArchiverProperties.AccountProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * The credentials of every account: the default ones ({@value #DEFAULT}: {@code CLOUD_SDK_AK}/{@code SK} or the SDK's
 * chain) and those of {@code archiver.accounts}, by keys, by an IAM agency, or by the SDK's chain. Keys are resolved
 * on first use, so that commands which never call the API need none.
 */
public final class Accounts {

    /** The name under which the default credentials sign, stored in {@code cluster_fetch.account}. */
    public static final String DEFAULT = ArchiverProperties.DEFAULT_ACCOUNT;

    private final Set<String> used;
    private final Map<String, Supplier<CloudCredentials>> fixed = new HashMap<>();
    private final Map<String, AgencyCredentials> agencies = new HashMap<>();

    /** @param used the accounts whose credentials {@link #requireCredentials()} checks ({@link #usedBy}) */
    Accounts(List<AccountProperties> accounts, Set<String> used, Environment environment, IamCalls iam, Clock clock) {
        this.used = Set.copyOf(used);
        fixed.put(DEFAULT, SingletonSupplier.of(() -> CloudCredentials.resolve(environment)));
        for (int i = 0; i < accounts.size(); i++) {
            AccountProperties account = accounts.get(i);
            String key = "archiver.accounts[" + i + "]";
            if (account.agency() != null) {
                String source = account.agency().sourceAccount() == null ? DEFAULT : account.agency().sourceAccount();
                agencies.put(account.name(), new AgencyCredentials(account.name(), source, account.agency(), this, iam, clock));
            } else if (account.accessKey() != null) {
                var keys = new CloudCredentials(account.accessKey(), account.secretKey(),
                        account.securityToken() == null ? "" : account.securityToken());
                fixed.put(account.name(), () -> keys);
            } else {
                fixed.put(account.name(), SingletonSupplier.of(() -> CloudCredentials.fromSdkChain(key + ".access-key",
                        "account " + account.name() + " has no access-key, secret-key or agency, and the SDK's "
                                + "credential chain (HUAWEICLOUD_SDK_AK/SK, profile file, ECS metadata) found none")));
            }
        }
    }

    /**
     * Fails with the key to set when an account that the configuration uses has no keys to be found. Agencies are
     * asked for their keys on first use: IAM refusing one fails that account's clusters, not the run.
     */
    void requireCredentials() {
        for (String account : used) {
            Supplier<CloudCredentials> keys = fixed.get(account);
            if (keys != null) {
                keys.get();
            }
        }
    }

    /** The accounts clusters and discovered projects name (none: the default), and the sources of their agencies. */
    static Set<String> usedBy(ArchiverProperties properties) {
        Set<String> used = new LinkedHashSet<>();
        properties.clusters().forEach(cluster -> used.add(orDefault(cluster.account())));
        properties.discovery().forEach(project -> used.add(orDefault(project.account())));
        for (AccountProperties account : properties.accounts()) {
            if (account.agency() != null && used.contains(account.name())) {
                used.add(orDefault(account.agency().sourceAccount()));
            }
        }
        return used;
    }

    /** The account named, or {@value #DEFAULT} for none. */
    public static String orDefault(@Nullable String account) {
        return account == null ? DEFAULT : account;
    }

    /** The keys the account signs with now; an agency's are renewed before they expire. */
    ApiResult<CloudCredentials> credentials(String account, String region) {
        AgencyCredentials agency = agencies.get(account);
        if (agency != null) {
            return agency.current(region);
        }
        Supplier<CloudCredentials> keys = fixed.get(account);
        if (keys == null) {
            throw new InvalidConfigurationException("archiver.accounts", "no account named " + account);
        }
        return new ApiResult.Answered<>(keys.get(), 1);
    }
}
