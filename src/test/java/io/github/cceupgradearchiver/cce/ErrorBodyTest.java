package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorBodyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            CCE and gateway shape  | {"error_code":"CCE.01404001","error_msg":"Resource not found"}              | CCE.01404001 | Resource not found
            throttling shape       | {"errorCode":"APIGW.0308","errorMessage":"The throttling threshold"}      | APIGW.0308   | The throttling threshold
            IAM nested shape       | {"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication"}} | APIGW.0301   | Incorrect IAM authentication
            plain code and message | {"code":"E1","message":"m"}                                              | E1           | m
            numeric code           | {"error_code":403,"error_msg":"denied"}                                  | 403          | denied
            not JSON               | <html>502 Bad Gateway</html>                                            | null         | <html>502 Bad Gateway</html>
            empty                  | ''                                                                       | null         | null
            """)
    void readsEveryErrorShapeTheCloudAnswersIn(String description, String body, String code, String message) {
        ErrorBody parsed = ErrorBody.parse(body);

        assertThat(parsed.code()).isEqualTo(code);
        assertThat(parsed.message()).isEqualTo(message);
    }
}
