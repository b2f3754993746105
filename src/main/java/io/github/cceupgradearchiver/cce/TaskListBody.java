package io.github.cceupgradearchiver.cce;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * The {@code items} of a task-list body, each as a tree and as its exact text in the body. One pass of the
 * parser gives both: the text is what the archive keeps, so it is cut out of the body rather than written
 * again from the tree. A body that is not well-formed JSON (a raw control character in a string included) cannot be
 * cut into items and is unreadable as a whole.
 */
public final class TaskListBody {

    /** One element of {@code items}: its tree, and its text exactly as the body has it. */
    public record Item(JsonNode node, String raw) {
    }

    private TaskListBody() {
    }

    public static ParseResult<List<Item>> items(String body) {
        return items(body, false);
    }

    /**
     * The body as a single item (an upgrade info), when it is one JSON object and nothing after it.
     */
    public static ParseResult<List<Item>> whole(String body) {
        try (JsonParser parser = ApiJson.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new ParseResult.Unreadable<>("body is not a JSON object");
            }
            JsonNode node = parser.readValueAsTree();
            if (parser.nextToken() != null) {
                return new ParseResult.Unreadable<>("body is not JSON: content after the end of the object");
            }
            return new ParseResult.Parsed<>(List.of(new Item(node, body.strip())));
        } catch (JacksonException e) {
            return new ParseResult.Unreadable<>("body is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * @param singleObject whether {@code items} may also be one object (an upgrade workflow list, documented so), read as
     *                     a list of that one item; an empty object or null is then no item
     */
    static ParseResult<List<Item>> items(String body, boolean singleObject) {
        List<Item> items = null;
        try (JsonParser parser = ApiJson.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new ParseResult.Unreadable<>("body has no items array");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean isItems = parser.currentName().equals("items");
                JsonToken value = parser.nextToken();
                if (!isItems) {
                    parser.skipChildren();
                } else if (value == JsonToken.START_ARRAY) {
                    items = elements(parser, body); // a repeated key: the last one counts, as in a tree
                } else if (singleObject && value == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    JsonNode node = parser.readValueAsTree();
                    int end = (int) parser.currentLocation().getCharOffset();
                    items = node.isEmpty() ? List.of() : List.of(new Item(node, body.substring(start, end)));
                } else if (singleObject && value == JsonToken.VALUE_NULL) {
                    items = List.of();
                } else {
                    parser.skipChildren();
                    items = null;
                }
            }
            if (parser.nextToken() != null) {
                return new ParseResult.Unreadable<>("body is not JSON: content after the end of the object");
            }
        } catch (JacksonException e) {
            return new ParseResult.Unreadable<>("body is not JSON: " + e.getOriginalMessage());
        }
        return items == null ? new ParseResult.Unreadable<>("body has no items array") : new ParseResult.Parsed<>(items);
    }

    private static List<Item> elements(JsonParser parser, String body) {
        List<Item> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            int start = (int) parser.currentTokenLocation().getCharOffset();
            JsonNode node = parser.readValueAsTree();
            int end = (int) parser.currentLocation().getCharOffset();
            items.add(new Item(node, body.substring(start, end)));
        }
        return items;
    }
}
