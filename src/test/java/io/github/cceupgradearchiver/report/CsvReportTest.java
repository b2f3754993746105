package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CsvReportTest {

    static Stream<Arguments> cells() {
        return Stream.of(
                Arguments.of("prod-payments", "prod-payments"),
                Arguments.of("v1.19.16-r80", "v1.19.16-r80"),
                Arguments.of("", ""),
                Arguments.of("Paused & Waiting", "Paused & Waiting"),
                Arguments.of("<script>alert(1)</script>", "<script>alert(1)</script>"),
                Arguments.of("a,b", "\"a,b\""),
                Arguments.of("say \"hi\"", "\"say \"\"hi\"\"\""),
                Arguments.of("line one\nline two", "\"line one\nline two\""),
                Arguments.of("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
                Arguments.of("+1", "'+1"),
                Arguments.of("-2+3", "'-2+3"),
                Arguments.of("@SUM(A1)", "'@SUM(A1)"),
                Arguments.of("\tTAB", "'\tTAB"),
                Arguments.of("\rfirst", "\"'\rfirst\""));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("cells")
    void quotesAsRfc4180AndDefusesWhatASpreadsheetWouldTakeForAFormula(String value, String cell) {
        assertThat(CsvReport.cell(value)).isEqualTo(cell);
    }
}
