package io.github.cceupgradearchiver.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.cceupgradearchiver.testsupport.TestPostgres;
import io.github.cceupgradearchiver.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java rendering of jsonb text against PostgreSQL's own: a table of the cases where JSON texts and jsonb differ
 * (key order, repeated keys, numbers, escapes, scripts beyond ASCII), then JSON generated from fixed seeds.
 */
class JsonbTextTest {

    private static Connection postgres;

    @BeforeAll
    static void connect() throws SQLException {
        postgres = TestPostgres.connect();
    }

    @AfterAll
    static void disconnect() throws SQLException {
        postgres.close();
    }

    /** Where JSON texts and jsonb differ: key order, repeated keys, numbers, escapes, scripts beyond ASCII. */
    static final String[] TRICKY = {
        "{}", "[]", "null", "true", "false", "0", "-0", "-0.0", "1.50", "1e2", "1E+2", "1.50e1", "1e-3", "1.0e-3",
        "0.0e5", "-1.5E-7", "123456789012345678901234567890.123456789", "1e30", "-12",
        "{\"b\": 1, \"aa\": 2, \"a\": 3, \"ab\": 4, \"B\": 5}",
        "{\"a\": 1, \"a\": 2}", "{\"a\": {\"z\": 1, \"y\": 2}, \"a\": [3]}",
        "{\"é\": 1, \"z\": 2, \"zz\": 3, \"中\": 4, \"ab\": 5}",
        "{\"\\u00e9\": 1, \"e\\u0301\": 2}",
        "\"quote \\\" backslash \\\\ slash \\/ tab \\t nl \\n cr \\r bs \\b ff \\f\"",
        "\"\\u0001\\u001f\\u007f\\u0080\\u00a0\\u2028\\u2029\"",
        "\"生产集群-支付 \\ud83d\\ude00 😀\"",
        "[1, \"a\", null, true, [], {}, [[]], {\"k\": {}}]",
        "  {  \"spaced\"  :  [ 1 , 2 ]  }  ",
        "{\"status\": {\"phase\": \"Running\", \"progress\": 33.30}, \"metadata\": {\"uid\": \"n-1\"}}",
    };

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricky")
    void rendersAsPostgresRendersJsonb(String json) throws SQLException {
        assertThat(JsonbText.render(JsonbText.parse(json))).isEqualTo(postgres(json));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rendersGeneratedJsonAsPostgresDoes(long seed) throws SQLException {
        Random random = new Random(seed);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            documents.add(value(random, 0));
        }
        for (String json : documents) {
            assertThat(JsonbText.render(JsonbText.parse(json))).as(json).isEqualTo(postgres(json));
        }
    }

    @Test
    void verifyPyRendersTheTrickyAndTheGeneratedJsonAsPostgresDoes() throws Exception {
        // given: the table's cases and one seed's documents, one a line
        List<String> documents = new ArrayList<>(List.of(TRICKY));
        Random random = new Random(0x5EED_0000L);
        for (int i = 0; i < 200; i++) {
            documents.add(value(random, 0).replace("\n", " "));
        }
        Path script = Files.write(dir.resolve("verify.py"), getClass().getResourceAsStream("/evidence/verify.py").readAllBytes());
        Path input = Files.write(dir.resolve("documents.jsonl"), documents, StandardCharsets.UTF_8);
        Path render = Files.writeString(dir.resolve("render.py"), """
                import sys
                sys.path.insert(0, sys.argv[1])
                import verify
                with open(sys.argv[2], encoding="utf-8") as documents:
                    for line in documents:
                        sys.stdout.buffer.write((verify.jsonb_text(verify.parse(line, "line")) + "\\n").encode("utf-8"))
                """);

        // when
        Tools.Result python = Tools.run("python3", "python3", render.toString(), script.getParent().toString(), input.toString());

        // then
        assertThat(python.exitCode()).as(python.output()).isZero();
        List<String> rendered = python.output().lines().toList();
        assertThat(rendered).hasSameSizeAs(documents);
        for (int i = 0; i < documents.size(); i++) {
            assertThat(rendered.get(i)).as(documents.get(i)).isEqualTo(postgres(documents.get(i)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "+1", "\"\\x\"", "\"\u0001\"", "nul",
            "\"\\u0000\"", "{} x", "NaN", "'a'"})
    void refusesWhatIsNotJson(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonbText.parse(text)).withMessageStartingWith("not JSON");
    }

    static Stream<String> tricky() {
        return Stream.of(TRICKY);
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 20).mapToObj(i -> 0x5EED_0000L + i);
    }

    private static String postgres(String json) throws SQLException {
        try (PreparedStatement statement = postgres.prepareStatement("SELECT CAST(? AS jsonb)::text")) {
            statement.setString(1, json);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static final String[] KEYS = {"a", "b", "aa", "ab", "B", "é", "中文", "phase", "status", "k\"q", "t\tab", ""};
    private static final String CHARS = "aZ09 \"\\/\b\f\n\r\t\u0001\u001f\u007fé中😀-_.";

    private static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> number(random);
            case 3, 4 -> string(random);
            case 5 -> {
                List<String> elements = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    elements.add(value(random, depth + 1));
                }
                yield "[" + String.join(random.nextBoolean() ? "," : " , ", elements) + "]";
            }
            default -> {
                List<String> members = new ArrayList<>();
                for (int i = random.nextInt(5); i > 0; i--) {
                    String key = random.nextInt(4) == 0 ? string(random) : quoted(KEYS[random.nextInt(KEYS.length)]);
                    members.add(key + (random.nextBoolean() ? ":" : " :\n ") + value(random, depth + 1));
                }
                yield "{" + String.join(",", members) + "}";
            }
    };
    }

    private static String number(Random random) {
        StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "");
        number.append(random.nextInt(5) == 0 ? "0" : Integer.toString(1 + random.nextInt(99_999)));
        if (random.nextBoolean()) {
            number.append('.').append(String.format("%0" + (1 + random.nextInt(5)) + "d", random.nextInt(1000)));
        }
        if (random.nextInt(3) == 0) {
            number.append(random.nextBoolean() ? 'e' : 'E').append(List.of("", "+", "-").get(random.nextInt(3)))
                    .append(random.nextInt(12));
        }
        return number.toString();
    }

    private static String string(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(CHARS.length());
            char c = CHARS.charAt(at);
            if (Character.isHighSurrogate(c) && at + 1 < CHARS.length()) {
                text.append(c).append(CHARS.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return quoted(text.toString());
    }

    /** {@code text} as a JSON string, escaped in one of the ways JSON allows, so the parser meets them all. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '/' && text.length() % 2 == 0) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
