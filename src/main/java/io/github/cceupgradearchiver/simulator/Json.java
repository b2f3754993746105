package io.github.cceupgradearchiver.simulator;

import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the simulator; records keep their declared field order, as the real API writes them. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

    private Json() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** A flat object of string fields in the given order, for error bodies. */
    static String object(String... namesAndValues) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return write(node);
    }
}
