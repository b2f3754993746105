package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.CredentialProviderChain;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.auth.ICredential;
import com.huaweicloud.sdk.core.exception.SdkException;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import org.springframework.core.env.Environment;

/**
 * An AK/SK pair (with a security token for temporary keys) that requests are signed with. The default credentials
 * are {@code CLOUD_SDK_AK}/{@code CLOUD_SDK_SK} as in the API's own samples, else the SDK's chain
 * ({@code HUAWEICLOUD_SDK_*}, profile file, ECS metadata); an account of {@code archiver.accounts} has its own.
 * The secrets never leave this object except into the SDK's signer, and {@link #toString()} hides them.
 */
public final class CloudCredentials {

    private final String ak;
    private final String sk;
    private final String securityToken;

    CloudCredentials(String ak, String sk, String securityToken) {
        this.ak = ak;
        this.sk = sk;
        this.securityToken = securityToken;
    }

    public static CloudCredentials resolve(Environment environment) {
        String ak = environment.getProperty("CLOUD_SDK_AK", "");
        String sk = environment.getProperty("CLOUD_SDK_SK", "");
        if (!ak.isBlank() || !sk.isBlank()) {
            if (ak.isBlank() || sk.isBlank()) {
                throw new InvalidConfigurationException(ak.isBlank() ? "CLOUD_SDK_AK" : "CLOUD_SDK_SK",
                        "is not set, but its partner is: set both CLOUD_SDK_AK and CLOUD_SDK_SK");
            }
            return new CloudCredentials(ak, sk, environment.getProperty("CLOUD_SDK_SECURITY_TOKEN", ""));
        }
        return fromSdkChain("CLOUD_SDK_AK",
                "no cloud credentials found: set CLOUD_SDK_AK and CLOUD_SDK_SK "
                        + "(or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or a Huawei Cloud profile)");
    }

    /** The SDK's own chain: environment, profile file, ECS metadata of an agency attached to the node. */
    static CloudCredentials fromSdkChain(String key, String problem) {
        try {
            ICredential found = CredentialProviderChain.getBasicCredentialProviderChain().getCredentials();
            if (found instanceof BasicCredentials basic && basic.getAk() != null && basic.getSk() != null) {
                return new CloudCredentials(basic.getAk(), basic.getSk(),
                        basic.getSecurityToken() == null ? "" : basic.getSecurityToken());
            }
        } catch (SdkException | IllegalArgumentException e) {
            // fall through to the message below: the chain's own text does not say what to set
        }
        throw new InvalidConfigurationException(key, problem);
    }

    BasicCredentials forProject(String projectId) {
        BasicCredentials credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
        return securityToken.isBlank() ? credentials : credentials.withSecurityToken(securityToken);
    }

    /** For IAM, a global service: no project. */
    GlobalCredentials global() {
        GlobalCredentials credentials = new GlobalCredentials().withAk(ak).withSk(sk);
        return securityToken.isBlank() ? credentials : credentials.withSecurityToken(securityToken);
    }

    /** The access key is an identifier, not a secret, but it is not shown either: it leads to the account. */
    @Override
    public String toString() {
        return "CloudCredentials[ak=***, sk=***" + (securityToken.isBlank() ? "" : ", security-token=***") + "]";
    }
}
