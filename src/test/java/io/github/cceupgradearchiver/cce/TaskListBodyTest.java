package io.github.cceupgradearchiver.cce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskListBodyTest {

    // Each item's text is cut out of the body exactly; ¦ separates the expected items.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            every kind of value     | {"items":[{"a":1}, "s",12.50 , [1, 2],null,true]}           | {"a":1}¦"s"¦12.50¦[1, 2]¦null¦true
            whitespace inside kept  | { "items" : [ { "a" : [ 1 ,2 ] } ,{ } ] }                    | { "a" : [ 1 ,2 ] }¦{ }
            non-ASCII and escapes   | {"items":[{"n":"集群 é \\"q\\" \\u00e9 \\\\"}]}            | {"n":"集群 é \\"q\\" \\u00e9 \\\\"}
            other fields around     | {"kind":"List","items":[{"x":{"y":[1]}}],"meta":{"items":1}} | {"x":{"y":[1]}}
            empty list              | {"items":[]}                                                 | ``
            a repeated items key    | {"items":[1],"items":[2]}                                    | 2
            """)
    void cutsEachItemOutOfTheBody(String description, String body, String expected) throws Exception {
        List<TaskListBody.Item> items = ((ParseResult.Parsed<List<TaskListBody.Item>>) TaskListBody.items(body)).value();

        assertThat(items).extracting(TaskListBody.Item::raw)
                .isEqualTo(expected == null || expected.isEmpty() ? List.of() : List.of(expected.split("¦")));
        assertThat(items).allSatisfy(item -> assertThat(item.node()).isEqualTo(ApiJson.MAPPER.readTree(item.raw())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            an array                | [{"items":[]}]                 | body has no items array
            items not an array      | {"items":{"a":1}}              | body has no items array
            no items                | {"kind":"List"}                | body has no items array
            empty body              | ``                             | body has no items array
            HTML                    | <html>503</html>               | body is not JSON
            truncated               | {"items":[{"a":1}              | body is not JSON
            two objects             | {"items":[]}{"items":[]}       | body is not JSON: content after the end of the object
            """)
    void rejectsABodyThatIsNotATaskList(String description, String body, String reason) {
        assertThat(TaskListBody.items(body == null ? "" : body)).isInstanceOfSatisfying(ParseResult.Unreadable.class,
                unreadable -> assertThat(unreadable.reason()).startsWith(reason));
    }
}
