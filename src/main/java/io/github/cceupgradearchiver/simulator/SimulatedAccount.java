package io.github.cceupgradearchiver.simulator;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An account (IAM domain) of the simulated cloud: its own keys, if any, the projects they may read (403 for any
 * other), and the agencies it created, each trusting one other account to assume it through IAM.
 *
 * @param domain   the account's domain name, which an agency's assume-role names
 * @param agencies agency name to the domain name of the account allowed to assume it
 */
public record SimulatedAccount(String domain, @Nullable String accessKey, @Nullable String secretKey,
                               Set<String> projects, Map<String, String> agencies) {

    public SimulatedAccount {
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("account " + domain + ": an access key needs its secret key");
        }
        projects = Set.copyOf(projects);
        agencies = Map.copyOf(agencies);
    }

    /** An account with keys of its own. */
    public static SimulatedAccount withKeys(String domain, String accessKey, String secretKey, Set<String> projects) {
        return new SimulatedAccount(domain, accessKey, secretKey, projects, Map.of());
    }

    /** The same account, with an agency that {@code trustedDomain} may assume. */
    public SimulatedAccount withAgency(String agencyName, String trustedDomain) {
        var more = new java.util.HashMap<>(agencies);
        more.put(agencyName, trustedDomain);
        return new SimulatedAccount(domain, accessKey, secretKey, projects, more);
    }

    /** Shows no secret key. */
    @Override
    public String toString() {
        return "SimulatedAccount[" + domain + ", projects " + projects + ", agencies " + agencies.keySet() + "]";
    }
}
