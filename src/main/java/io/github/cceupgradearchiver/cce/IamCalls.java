package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.core.exception.SdkException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.AgencyAuth;
import com.huaweicloud.sdk.iam.v3.model.AgencyAuthIdentity;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByAgencyRequest;
import com.huaweicloud.sdk.iam.v3.model.CreateTemporaryAccessKeyByAgencyRequestBody;
import com.huaweicloud.sdk.iam.v3.model.Credential;
import com.huaweicloud.sdk.iam.v3.model.IdentityAssumerole;
import io.github.cceupgradearchiver.config.ArchiverProperties.AgencyProperties;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * IAM's assume-role ({@code POST /v3.0/OS-CREDENTIAL/securitytokens}) through the official IAM client, sent like every
 * CCE call: by {@link BoundedHttpClient} (its proxy, trust store and bounds) under the {@link CallPolicy}, charged to
 * the account whose keys sign it.
 */
final class IamCalls {

    private final BoundedHttpClient http;
    private final CallPolicy policy;
    private final Endpoints endpoints;

    IamCalls(BoundedHttpClient http, CallPolicy policy, Endpoints endpoints) {
        this.http = http;
        this.policy = policy;
        this.endpoints = endpoints;
    }

    /**
     * Temporary keys of the agency, asked for with the source account's keys.
     *
     * @param sourceAccount the account whose keys sign the call (its rate limit applies)
     * @param region        the region whose IAM endpoint is called (the keys themselves are global)
     */
    ApiResult<TemporaryKeys> assumeRole(String sourceAccount, CloudCredentials source, AgencyProperties agency,
                                        String region) {
        var request = new CreateTemporaryAccessKeyByAgencyRequest().withBody(new CreateTemporaryAccessKeyByAgencyRequestBody()
                .withAuth(new AgencyAuth().withIdentity(new AgencyAuthIdentity()
                        .withMethods(List.of(AgencyAuthIdentity.MethodsEnum.ASSUME_ROLE))
                        .withAssumeRole(new IdentityAssumerole()
                                .withDomainName(agency.domainName()).withDomainId(agency.domainId())
                                .withAgencyName(agency.agencyName())
                                .withDurationSeconds((int) agency.duration().toSeconds())))));
        IamClient iam = new IamClient(http.client(HttpConfig.getDefaultHttpConfig())
                .withEndpoints(List.of(endpoints.iam(region))).withCredential(source.global()));
        return policy.call(sourceAccount, "assume-role of agency " + agency.agencyName(), timeLeft -> {
            try {
                Credential credential = iam.createTemporaryAccessKeyByAgency(request).getCredential();
                if (credential == null || credential.getAccess() == null || credential.getSecret() == null
                        || credential.getSecuritytoken() == null || credential.getExpiresAt() == null) {
                    return new ApiResult.Failed<>(new ApiFailure(FailureClass.BAD_RESPONSE, 200, null,
                            "IAM's answer has no complete credential (access, secret, securitytoken, expires_at)"), 1);
                }
                return new ApiResult.Answered<>(new TemporaryKeys(new CloudCredentials(credential.getAccess(),
                        credential.getSecret(), credential.getSecuritytoken()), Instant.parse(credential.getExpiresAt())), 1);
            } catch (ServiceResponseException e) {
                int status = e.getHttpStatusCode();
                return new ApiResult.Failed<>(new ApiFailure(FailureClass.ofStatus(status), status, e.getErrorCode(),
                        e.getErrorMsg() == null ? "HTTP " + status : ErrorBody.abbreviate(e.getErrorMsg())), 1);
            } catch (DateTimeParseException e) {
                return new ApiResult.Failed<>(new ApiFailure(FailureClass.BAD_RESPONSE, 200, null,
                        "IAM's expires_at is not an ISO-8601 instant"), 1);
            } catch (SdkException e) {
                return new ApiResult.Failed<>(SendFailures.of(e), 1);
            }
        });
    }
}
