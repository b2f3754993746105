package io.github.cceupgradearchiver.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.cceupgradearchiver.history.Sha256;
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
        "0.0e5", "-1.5E-7", "0e999999", "1e-16383", "-1.5e5000", "123456789012345678901234567890.123456789", "1e30", "-12",
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
        Path input = Files.write(dir.resolve("documents.jsonl"), documents, StandardCharsets.UTF_8);

        // when
        Tools.Result python = withVerifyPy("""
                with open(sys.argv[2], encoding="utf-8") as documents:
                    for line in documents:
                        sys.stdout.buffer.write((verify.jsonb_text(verify.parse(line, "line")) + "\\n").encode("utf-8"))
                """, input.toString());

        // then
        assertThat(python.exitCode()).as(python.output()).isZero();
        List<String> rendered = python.output().lines().toList();
        assertThat(rendered).hasSameSizeAs(documents);
        for (int i = 0; i < documents.size(); i++) {
            assertThat(rendered.get(i)).as(documents.get(i)).isEqualTo(postgres(documents.get(i)));
        }
    }

    /** The body of upgrade_history.evidence_canonical_form (V8), with the observed_at it renders. */
    private static final String EVIDENCE_CANONICAL_FORM = """
            SELECT jsonb_build_object(
                       'kind', k, 'run_id', r, 'project_id', p, 'cluster_id', c, 'object_id', o,
                       'observed_at', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'raw', j)::text,
                   to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), j::text
            FROM (SELECT CAST(? AS text) AS k, CAST(? AS bigint) AS r, CAST(? AS text) AS p, CAST(? AS text) AS c,
                         CAST(? AS text) AS o, CAST(? AS timestamptz) AS t, CAST(? AS jsonb) AS j) columns""";

    private static final String[] EVIDENCE_KINDS = {"precheck", "snapshot", "workflow", "upgrade_info"};
    private static final String[] IDS = {"c-example", "生产集群-支付", "k\"q\\t\tab", "", "p-1 😀", "\u0001\u007f"};
    private static final String[] OBSERVED = {"2024-05-01 09:20:30.123456+08", "2023-12-31 23:59:59-05",
        "2024-02-29 00:00:00.000001+00", "1999-12-31 23:59:59.5+05:30"};

    @Test
    void javaAndVerifyPyRenderAnEvidenceRevisionsCanonicalFormAsPostgresDoes() throws Exception {
        // given: evidence revisions of every kind, with the tricky raws, awkward ids and offsets, as export writes them
        List<String> raws = new ArrayList<>(List.of(TRICKY));
        Random random = new Random(0x5EED_E71DL);
        for (int i = 0; i < 40; i++) {
            raws.add(value(random, 0));
        }
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            String kind = EVIDENCE_KINDS[i % EVIDENCE_KINDS.length];
            String cluster = IDS[i % IDS.length];
            String object = IDS[(i + 1) % IDS.length];
            long runId = 1L + i * 7_919L;
            try (PreparedStatement statement = postgres.prepareStatement(EVIDENCE_CANONICAL_FORM)) {
                Object[] columns = {kind, runId, "0a1b2c3d4e5f60718293a4b5c6d7e8f9", cluster, object,
                    OBSERVED[i % OBSERVED.length], raws.get(i)};
                for (int c = 0; c < columns.length; c++) {
                    statement.setObject(c + 1, columns[c]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    String canonical = rs.getString(1);
                    expected.add(canonical);
                    lines.add(RevisionLine.EvidenceRevision.write(i + 1, kind, runId, "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                            cluster, object, rs.getString(2),
                            Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)),
                            rs.getString(3)));
                }
            }
        }
        Path input = Files.write(dir.resolve("revisions.jsonl"), lines, StandardCharsets.UTF_8);

        // when
        List<RevisionLine> read = lines.stream().map(RevisionLine::read).toList();
        Tools.Result python = withVerifyPy("""
                with open(sys.argv[2], encoding="utf-8") as revisions:
                    for line in revisions:
                        revision = verify.parse(line, "line")
                        canonical = verify.CANONICAL_FORMS[revision["kind"]](revision, "line")
                        sys.stdout.buffer.write((verify.jsonb_text(canonical) + "\\n").encode("utf-8"))
                """, input.toString());

        // then
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(python.output().lines().toList()).isEqualTo(expected);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i)).as(lines.get(i)).isInstanceOf(RevisionLine.EvidenceRevision.class);
            assertThat(read.get(i).canonicalForm()).as(lines.get(i)).isEqualTo(expected.get(i));
            assertThat(read.get(i).recomputedHash()).isEqualTo(read.get(i).contentHash());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "+1", "\"\\x\"", "\"\u0001\"", "nul",
            "\"\\u0000\"", "{} x", "NaN", "'a'"})
    void refusesWhatIsNotJson(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonbText.parse(text)).withMessageStartingWith("not JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"\\ud800\"", "\"\\udc00\"", "\"\\ud800x\"", "\"\\ud800\\u0041\"", "1e99999999",
            "1e131072", "1e-16384", "0e-20000"})
    void refusesWhatPostgresCouldNotHaveStoredAsVerifyPyDoes(String text) throws Exception {
        // given: a text PostgreSQL refuses as jsonb (an unpaired surrogate, a number beyond numeric's range)
        assertThatExceptionOfType(SQLException.class).isThrownBy(() -> postgres(text));

        // when
        Tools.Result python = withVerifyPy("""
                try:
                    print(verify.jsonb_text(verify.parse(sys.argv[2], "line")))
                except verify.Altered as e:
                    print("refused: " + str(e))
                """, text);

        // then: both checkers refuse it rather than hash something PostgreSQL never stored, or print 10^8 digits
        assertThatIllegalArgumentException().isThrownBy(() -> JsonbText.parse(text)).withMessageStartingWith("not JSON");
        assertThat(python.exitCode()).as(python.output()).isZero();
        assertThat(python.output()).startsWith("refused: line: not JSON");
    }

    /** Runs {@code script} with verify.py importable as {@code verify}; sys.argv[2:] are {@code arguments}. */
    private Tools.Result withVerifyPy(String script, String... arguments) throws Exception {
        Files.write(dir.resolve("verify.py"), getClass().getResourceAsStream("/evidence/verify.py").readAllBytes());
        Path run = Files.writeString(dir.resolve("run.py"), "import sys\nsys.path.insert(0, sys.argv[1])\nimport verify\n" + script);
        List<String> command = new ArrayList<>(List.of(run.toString(), dir.toString()));
        command.addAll(List.of(arguments));
        return Tools.run("python3", "python3", command.toArray(String[]::new));
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
