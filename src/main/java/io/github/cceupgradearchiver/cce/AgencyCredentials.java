package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.ArchiverProperties.AgencyProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account reached through an IAM agency: temporary keys from assume-role, asked for on first use and again when
 * they are within {@link #margin} of expiring, so that a long run never signs with keys about to lapse. Callers wait
 * for one renewal rather than each asking IAM.
 */
final class AgencyCredentials {

    private static final Logger log = LoggerFactory.getLogger("archive");
    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private final String account;
    private final String sourceAccount;
    private final AgencyProperties agency;
    private final Accounts sources;
    private final IamCalls iam;
    private final Clock clock;
    private @Nullable TemporaryKeys keys;

    AgencyCredentials(String account, String sourceAccount, AgencyProperties agency, Accounts sources, IamCalls iam,
                      Clock clock) {
        this.account = account;
        this.sourceAccount = sourceAccount;
        this.agency = agency;
        this.sources = sources;
        this.iam = iam;
        this.clock = clock;
    }

    /** A quarter of the keys' lifetime, at most five minutes: renewed that long before they expire. */
    Duration margin() {
        Duration quarter = agency.duration().dividedBy(4);
        return quarter.compareTo(MAX_MARGIN) < 0 ? quarter : MAX_MARGIN;
    }

    synchronized ApiResult<CloudCredentials> current(String region) {
        Instant now = clock.instant();
        if (keys != null && now.isBefore(keys.expiresAt().minus(margin()))) {
            return new ApiResult.Answered<>(keys.credentials(), 1);
        }
        ApiResult<CloudCredentials> source = sources.credentials(sourceAccount, region);
        if (source instanceof ApiResult.Failed<CloudCredentials> failed) {
            return failed;
        }
        ApiResult<TemporaryKeys> issued = iam.assumeRole(sourceAccount,
                ((ApiResult.Answered<CloudCredentials>) source).answer(), agency, region);
        if (issued instanceof ApiResult.Failed<TemporaryKeys> failed) {
            ApiFailure why = failed.failure();
            return new ApiResult.Failed<>(new ApiFailure(why.kind(), why.httpStatus(), why.errorCode(),
                    "account " + account + ": IAM refused the temporary keys of agency " + agency.agencyName()
                            + " (asked for with the keys of account " + sourceAccount + "): " + why.message()),
                    failed.attempts());
        }
        boolean renewal = keys != null;
        TemporaryKeys fresh = ((ApiResult.Answered<TemporaryKeys>) issued).answer();
        keys = fresh;
        log.info("account {}: temporary keys of agency {} {}, valid until {}", account, agency.agencyName(),
                renewal ? "renewed" : "obtained", fresh.expiresAt());
        return new ApiResult.Answered<>(fresh.credentials(), 1);
    }
}
