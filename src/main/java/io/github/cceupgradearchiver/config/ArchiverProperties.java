package io.github.cceupgradearchiver.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;
import org.springframework.validation.annotation.Validated;

/** The {@code archiver.*} tree of SPEC.md, validated at start-up. */
@Validated
@ConfigurationProperties("archiver")
public record ArchiverProperties(
        @DefaultValue @Valid List<ClusterProperties> clusters,
        @DefaultValue @Valid List<DiscoveryProperties> discovery,
        @DefaultValue @Valid @NotNull ApiProperties api,
        @DefaultValue @Valid @NotNull MetricsProperties metrics,
        @DefaultValue @Valid @NotNull IntegrityProperties integrity,
        @DefaultValue @Valid @NotNull ReportProperties report,
        @DefaultValue("Asia/Shanghai") @NotNull ZoneId sourceZone,
        @DefaultValue("1d") @NotNull @DurationMin(seconds = 0) Duration maxClockSkew,
        @DefaultValue("25s") @NotNull @DurationMin(seconds = 0) Duration shutdownGrace) {

    /** An explicitly configured cluster; {@link CloudIds} says what discovered ones must satisfy too. */
    public record ClusterProperties(
            @NotBlank @Pattern(regexp = CloudIds.ID, message = "must be a project id such as 0a1b2c3d4e5f...") String projectId,
            @NotBlank @Pattern(regexp = CloudIds.REGION, message = "must be a region such as cn-north-4") String region,
            @NotBlank @Pattern(regexp = CloudIds.ID, message = "must be a cluster id such as 6f1c0d2e-...") String clusterId,
            @Nullable @Pattern(regexp = CloudIds.NAME, message = "must be 1 to 128 characters without control characters")
            String name) {
    }

    /** A project whose Autopilot clusters are all archived. */
    public record DiscoveryProperties(
            @NotBlank @Pattern(regexp = CloudIds.ID, message = "must be a project id such as 0a1b2c3d4e5f...") String projectId,
            @NotBlank @Pattern(regexp = CloudIds.REGION, message = "must be a region such as cn-north-4") String region) {
    }

    /** Where a run's metrics go: a Prometheus Pushgateway, when set. */
    public record MetricsProperties(
            // No user:password@: the URL is logged, and the push would drop them anyway.
            @Nullable @Pattern(regexp = "https?://[^\\s/@]+(:[0-9]+)?/?",
                    message = "must be a Pushgateway URL such as http://pushgateway:9091, without credentials")
            String pushgatewayUrl,
            @DefaultValue("cce-upgrade-archiver") @NotBlank String job) {

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
            @DefaultValue("https://cce.{region}.myhuaweicloud.com")
            @Pattern(regexp = "https?://[^\\s/]+(:[0-9]+)?(/\\S*)?", message = "must be an http(s) URL such as https://cce.{region}.myhuaweicloud.com")
            String endpoint,
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

        /** The endpoint for one region: {@code {region}} substituted, no trailing slash (paths start with one). */
        public String endpointFor(String region) {
            return endpoint.replace("{region}", region).replaceAll("/+$", "");
        }
    }
}
