package io.github.cceupgradearchiver.cce;

import com.huaweicloud.sdk.cce.v3.region.CceRegion;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.iam.v3.region.IamRegion;
import io.github.cceupgradearchiver.config.ArchiverProperties.ApiProperties;
import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where each region's CCE and IAM are: {@code archiver.api.endpoint} / {@code iam-endpoint} when set (with
 * {@code {region}} substituted), else the SDK's own region tables, which know that {@code eu-west-101} is under
 * {@code .myhuaweicloud.eu}. A region the table does not know, with no endpoint configured, is a configuration error.
 */
final class Endpoints {

    /** IAM's global endpoint, for a region whose IAM the SDK's table does not list. */
    static final String GLOBAL_IAM = "https://iam.myhuaweicloud.com";

    private final ApiProperties api;

    Endpoints(ApiProperties api) {
        this.api = api;
    }

    /** Fails, naming the key to set, when one of the regions has no CCE endpoint. */
    void requireKnown(Collection<String> regions) {
        regions.forEach(this::cce);
    }

    String cce(String region) {
        return api.endpointFor(region).orElseGet(() -> fromTable(CceRegion::valueOf, region).orElseThrow(() ->
                new InvalidConfigurationException("archiver.api.endpoint", "region " + region
                        + " is not in the Huawei Cloud SDK's table of CCE regions: set archiver.api.endpoint "
                        + "(https://cce.{region}.example) for it")));
    }

    String iam(String region) {
        return api.iamEndpointFor(region).orElseGet(() -> fromTable(IamRegion::valueOf, region).orElse(GLOBAL_IAM));
    }

    private static Optional<String> fromTable(Function<String, Region> table, String region) {
        try {
            Region known = table.apply(region);
            return Optional.ofNullable(known.getEndpoint()).map(url -> url.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // "Unexpected regionId"
        }
    }
}
