package io.github.cceupgradearchiver.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * The {@code archiver.*} tree of SPEC.md, checked at start-up. What every command uses (the source zone, the clock skew,
 * the shutdown grace, the metrics) checks itself as it is bound; the Bean Validation annotations, which cover what only
 * {@code archive} uses, are checked by {@link ArchiveValidation} in {@code archive} and {@code demo} alone: verify, report
 * and export start without Hibernate Validator's bootstrap (a sixth of their start-up: docs/benchmarks.md).
 */
@ConfigurationProperties("archiver")
public record ArchiverProperties(
        @DefaultValue @Valid List<ClusterProperties> clusters,
        @DefaultValue @Valid List<DiscoveryProperties> discovery,
        @DefaultValue @Valid List<AccountProperties> accounts,
        @DefaultValue @Valid @NotNull ApiProperties api,
        @DefaultValue @NotNull MetricsProperties metrics,
        @DefaultValue @Valid @NotNull IntegrityProperties integrity,
        @DefaultValue @Valid @NotNull ReportProperties report,
        @DefaultValue("Asia/Shanghai") ZoneId sourceZone,
        @DefaultValue("1d") Duration maxClockSkew,
        @DefaultValue("25s") Duration shutdownGrace) {

    /** The name of the default credentials (CLOUD_SDK_AK/SK or the SDK's chain), reserved. */
    public static final String DEFAULT_ACCOUNT = "default";

    /** Every account a cluster or a discovered project names exists, and no two accounts share a name. */
    public ArchiverProperties {
        if (sourceZone == null) {
            throw new InvalidConfigurationException("archiver.source-zone", "must be set (a time zone such as Asia/Shanghai)");
        }
        requireNotNegative(maxClockSkew, "archiver.max-clock-skew");
        requireNotNegative(shutdownGrace, "archiver.shutdown-grace");
        if (accounts != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < accounts.size(); i++) {
                if (accounts.get(i) != null && DEFAULT_ACCOUNT.equals(accounts.get(i).name())) {
                    throw new InvalidConfigurationException("archiver.accounts[" + i + "].name",
                            "is reserved for the default credentials (CLOUD_SDK_AK/SK or the SDK's chain)");
                }
                if (accounts.get(i) != null && !names.add(accounts.get(i).name())) {
                    throw new InvalidConfigurationException("archiver.accounts[" + i + "].name",
                            "account " + accounts.get(i).name() + " is defined twice");
                }
            }
            for (int i = 0; i < accounts.size(); i++) {
                AccountProperties account = accounts.get(i);
                if (account != null) {
                    account.check("archiver.accounts[" + i + "]");
                }
                AgencyProperties agency = account == null ? null : account.agency();
                if (agency != null && agency.sourceAccount() != null) {
                    String key = "archiver.accounts[" + i + "].agency.source-account";
                    requireAccount(names, agency.sourceAccount(), key);
                    if (accounts.stream().anyMatch(other -> other.name().equals(agency.sourceAccount()) && other.agency() != null)) {
                        throw new InvalidConfigurationException(key, "account " + agency.sourceAccount()
                                + " is reached through an agency itself: a source account signs with keys of its own");
                    }
                }
            }
            for (int i = 0; clusters != null && i < clusters.size(); i++) {
                requireAccount(names, clusters.get(i) == null ? null : clusters.get(i).account(),
                        "archiver.clusters[" + i + "].account");
            }
            for (int i = 0; discovery != null && i < discovery.size(); i++) {
                requireAccount(names, discovery.get(i) == null ? null : discovery.get(i).account(),
                        "archiver.discovery[" + i + "].account");
            }
        }
    }

    private static void requireNotNegative(@Nullable Duration duration, String key) {
        if (duration == null || duration.isNegative()) {
            throw new InvalidConfigurationException(key, "must be a duration of 0s or more, not " + duration);
        }
    }

    private static void requireAccount(Set<String> names, @Nullable String account, String key) {
        if (account != null && !account.equals(DEFAULT_ACCOUNT) && !names.contains(account)) {
            throw new InvalidConfigurationException(key, "no account named " + account + " under archiver.accounts"
                    + (names.isEmpty() ? " (none is defined)" : " (defined: " + String.join(", ", new TreeSet<>(names)) + ")"));
        }
    }

    /** An explicitly configured cluster; {@link CloudIds} says what discovered ones must satisfy too. */
    public record ClusterProperties(
            @NotBlank @Pattern(regexp = CloudIds.ID, message = "must be a project id such as 0a1b2c3d4e5f...") String projectId,
            @NotBlank @Pattern(regexp = CloudIds.REGION, message = "must be a region such as cn-north-4") String region,
            @NotBlank @Pattern(regexp = CloudIds.ID, message = "must be a cluster id such as 6f1c0d2e-...") String clusterId,
            @Nullable @Pattern(regexp = CloudIds.NAME, message = "must be 1 to 128 characters without control characters")
            String name,
            @DefaultValue("autopilot") @NotNull ClusterFamily family,
            @Nullable @Pattern(regexp = CloudIds.ACCOUNT, message = ACCOUNT_MESSAGE) String account) {
    }

    /** A project whose clusters of the listed families (both by default) are all archived. */
    public record DiscoveryProperties(
            @NotBlank @Pattern(regexp = CloudIds.ID, message = "must be a project id such as 0a1b2c3d4e5f...") String projectId,
            @NotBlank @Pattern(regexp = CloudIds.REGION, message = "must be a region such as cn-north-4") String region,
            @DefaultValue({"autopilot", "standard"}) @NotEmpty List<@NotNull ClusterFamily> families,
            @Nullable @Pattern(regexp = CloudIds.ACCOUNT, message = ACCOUNT_MESSAGE) String account) {
    }

    private static final String ACCOUNT_MESSAGE = "must be an account name of archiver.accounts: letters, digits, '.', '_' and '-'";

    /**
     * An account whose clusters are archived with credentials of their own: keys, an agency, or (neither) the SDK's
     * chain. Secrets come through placeholders or {@code configtree:}; {@link #toString()} never shows them.
     *
     * @param requestsPerSecond this account's own limit; unset, {@code archiver.api.requests-per-second}
     */
    public record AccountProperties(
            @NotBlank @Pattern(regexp = CloudIds.ACCOUNT, message = ACCOUNT_MESSAGE) String name,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @Nullable String securityToken,
            @Nullable @Valid AgencyProperties agency,
            @Nullable @Positive Double requestsPerSecond) {

        public AccountProperties {
            accessKey = blankToNull(accessKey);
            secretKey = blankToNull(secretKey);
            securityToken = blankToNull(securityToken);
        }

        /** Fails, naming the key under {@code key} ({@code archiver.accounts[2]}), on a way to authenticate that cannot work. */
        void check(String key) {
            if ((accessKey == null) != (secretKey == null)) {
                throw new InvalidConfigurationException(key + (accessKey == null ? ".access-key" : ".secret-key"),
                        "is not set, but its partner is: set both access-key and secret-key");
            }
            if (securityToken != null && accessKey == null) {
                throw new InvalidConfigurationException(key + ".security-token", "needs access-key and secret-key");
            }
            if (agency != null && accessKey != null) {
                throw new InvalidConfigurationException(key + ".agency",
                        "an account has keys or an agency, not both (the agency's source-account has the keys)");
            }
            if (agency != null && name != null && name.equals(agency.sourceAccount())) {
                throw new InvalidConfigurationException(key + ".agency.source-account", "is the account itself");
            }
            if (agency != null && agency.domainName() == null == (agency.domainId() == null)) {
                throw new InvalidConfigurationException(key + ".agency.domain-name",
                        "set the domain-name or the domain-id of the account that created the agency (one of them)");
            }
        }

        private static @Nullable String blankToNull(@Nullable String value) {
            return value == null || value.isBlank() ? null : value;
        }

        @Override
        public String toString() {
            return "AccountProperties[name=" + name + ", " + (agency != null ? agency
                    : accessKey != null ? "keys=***" + (securityToken == null ? "" : ", security-token=***")
                    : "SDK credential chain") + "]";
        }
    }

    /**
     * An IAM agency the account is reached through: temporary keys of IAM's assume-role, asked for with the keys of
     * {@code sourceAccount} (the default credentials when unset).
     *
     * @param domainName the name of the account (domain) that created the agency; or {@code domainId}
     * @param duration   how long the temporary keys hold (IAM allows 15 minutes to 24 hours); renewed before they expire
     */
    public record AgencyProperties(
            @Nullable String domainName,
            @Nullable String domainId,
            @NotBlank String agencyName,
            @Nullable String sourceAccount,
            @DefaultValue("1h") @NotNull @DurationMin(minutes = 15) @DurationMax(hours = 24) Duration duration) {

        public AgencyProperties {
            domainName = domainName == null || domainName.isBlank() ? null : domainName;
            domainId = domainId == null || domainId.isBlank() ? null : domainId;
        }
    }

    /** Where a run's metrics go: a Prometheus Pushgateway, when set. */
    public record MetricsProperties(@Nullable String pushgatewayUrl, @DefaultValue("cce-upgrade-archiver") String job) {

        // No user:password@: the URL is logged, and the push would drop them anyway.
        private static final java.util.regex.Pattern PUSHGATEWAY_URL = java.util.regex.Pattern.compile("https?://[^\\s/@]+(:[0-9]+)?/?");

        public MetricsProperties {
            if (pushgatewayUrl != null && !PUSHGATEWAY_URL.matcher(pushgatewayUrl).matches()) {
                throw new InvalidConfigurationException("archiver.metrics.pushgateway-url",
                        "must be a Pushgateway URL such as http://pushgateway:9091, without credentials");
            }
            if (job == null || job.isBlank()) {
                throw new InvalidConfigurationException("archiver.metrics.job", "must not be blank");
            }
        }

        public @Nullable URI pushgatewayUri() {
            return pushgatewayUrl == null || pushgatewayUrl.isBlank() ? null : URI.create(pushgatewayUrl);
        }
    }

    /**
     * Signed seals and their outside witness (docs/integrity.md). The files are read when a command first needs
     * them (the signing key and the witness directory when {@code archive} starts, before it writes anything; the
     * public keys when {@code verify} or a report starts): a missing or unreadable one, or one that holds no Ed25519
     * key of the expected form, is then a configuration error naming the key (exit 2).
     *
     * @param signingKey an Ed25519 private key, PKCS#8 PEM: every seal is signed with it
     * @param publicKey  Ed25519 public keys, SPKI PEM (one file each; several for key rotation): verify checks
     *                   every signature with them
     * @param witnessDir a directory outside the database (a WORM volume, an object-locked bucket): every seal's
     *                   signed head is written there, and verify compares the chain with it
     */
    public record IntegrityProperties(@Nullable Path signingKey, @DefaultValue List<Path> publicKey,
                                      @Nullable Path witnessDir) {
    }

    /**
     * How reports are written.
     *
     * @param font a TrueType font (.ttf, or a .ttc collection) that PDF reports embed for the characters of names
     *             beyond Latin, Chinese above all; unset: the first CJK TrueType font found on the machine
     */
    public record ReportProperties(@Nullable Path font) {
    }

    /** How the CCE API is called. */
    public record ApiProperties(
            @Nullable
            @Pattern(regexp = "https?://[^\\s/]+(:[0-9]+)?(/\\S*)?", message = "must be an http(s) URL such as https://cce.{region}.myhuaweicloud.com")
            String endpoint,
            @Nullable
            @Pattern(regexp = "https?://[^\\s/]+(:[0-9]+)?(/\\S*)?", message = "must be an http(s) URL such as https://iam.myhuaweicloud.com")
            String iamEndpoint,
            @Nullable
            @Pattern(regexp = "http://([^\\s/@]+@)?[^\\s/@]+:[0-9]+/?", message = "must be a proxy URL such as http://user:password@proxy:3128")
            String proxy,
            @Nullable Path trustStore,
            @DefaultValue("8") @Positive @Max(MAX_CONCURRENCY) int concurrency,
            @DefaultValue("10") @Positive double requestsPerSecond,
            @DefaultValue("5") @Positive int maxAttempts,
            @DefaultValue("10s") @NotNull Duration connectTimeout,
            @DefaultValue("60s") @NotNull Duration readTimeout,
            @DefaultValue("2m") @NotNull @DurationMin(seconds = 1) Duration callTimeout,
            @DefaultValue("16MB") @DataSizeUnit(DataUnit.BYTES) @NotNull DataSize maxBodySize,
            @DefaultValue("1s") @NotNull Duration initialBackoff,
            @DefaultValue("60s") @NotNull Duration maxBackoff) {

        /** More calls at once than this would only queue at the gateway's throttling; each worker also holds a connection. */
        public static final int MAX_CONCURRENCY = 64;

        public ApiProperties {
            if (maxBodySize != null && maxBodySize.toBytes() < 1024) {
                throw new IllegalArgumentException("archiver.api.max-body-size must be at least 1KB, not " + maxBodySize);
            }
        }

        /** Cluster workers for {@code concurrency} API slots: see {@link #workersFor(int)}. */
        public int workers() {
            return workersFor(concurrency);
        }

        /**
         * A quarter more workers than API slots: a worker spends part of each cluster writing it to PostgreSQL,
         * and meanwhile another worker holds its API slot, so the API always sees {@code concurrency} calls.
         */
        public static int workersFor(int concurrency) {
            return concurrency + (concurrency + 3) / 4;
        }

        /** The configured endpoint for one region, {@code {region}} substituted, no trailing slash; empty when unset. */
        public Optional<String> endpointFor(String region) {
            return substituted(endpoint, region);
        }

        /** The configured IAM endpoint for one region, as {@link #endpointFor}. */
        public Optional<String> iamEndpointFor(String region) {
            return substituted(iamEndpoint, region);
        }

        private static Optional<String> substituted(@Nullable String url, String region) {
            return url == null || url.isBlank() ? Optional.empty()
                    : Optional.of(url.replace("{region}", region).replaceAll("/+$", ""));
        }

        /** Never shows the proxy's password. */
        @Override
        public String toString() {
            return "ApiProperties[endpoint=" + endpoint + ", iamEndpoint=" + iamEndpoint + ", proxy="
                    + (proxy == null ? null : proxy.replaceAll("//[^/@]*@", "//***@")) + ", trustStore=" + trustStore
                    + ", concurrency=" + concurrency + ", requestsPerSecond=" + requestsPerSecond + "]";
        }
    }
}
