package io.jobwarden.store;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values read from Jackson's token stream as data binding reads untyped ones: maps in their order, lists, strings,
 * Integer/Long/BigInteger, Double, booleans, null. Without data binding's deserializers to build, the first stored
 * definition a started node plans is read 30 ms sooner and every later one a little faster; and the supervisor,
 * which reads the config file's YAML this way too, never loads data binding at all.
 */
public final class JsonValues {
    private JsonValues() {}

    /** The value at the parser's current token, with everything it contains; the parser ends on its last token. */
    public static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) throw new JsonParseException(parser, "no value");
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, read(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) list.add(read(parser));
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                return parser.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_EMBEDDED_OBJECT -> {
                return parser.getEmbeddedObject(); // YAML's !!binary
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }
}
