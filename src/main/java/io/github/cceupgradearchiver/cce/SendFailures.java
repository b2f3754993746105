package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.core.exception.SdkException;
import io.github.cceupgradearchiver.text.Failures;

/** A request that got no HTTP answer: a certificate that is not trusted (for good), or the network (maybe passing). */
final class SendFailures {

    private SendFailures() {
    }

    static ApiFailure of(SdkException e) {
        if (e instanceof BoundedHttpClient.UntrustedServerException) {
            return new ApiFailure(FailureClass.TLS, null, null, e.getMessage());
        }
        if (e instanceof BoundedHttpClient.UnusableBodyException unusable) {
            // an error status stays what it is (a 503 with a huge page is still worth a retry); a 200 is a bad response
            return new ApiFailure(unusable.status() >= 400 ? FailureClass.ofStatus(unusable.status())
                    : FailureClass.BAD_RESPONSE, unusable.status(), null, e.getMessage());
        }
        return new ApiFailure(FailureClass.NETWORK, null, null, Failures.describe(e));
    }
}
