package io.github.cceupgradearchiver.cce;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way the archiver reads API JSON, so that archiving and verifying derive the same values from
 * the same item: floats as {@code BigDecimal}, so that {@code 33.30} stays {@code 33.30} digit for digit.
 */
public final class ApiJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private ApiJson() {
    }
}
