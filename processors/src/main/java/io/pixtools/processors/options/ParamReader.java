package io.pixtools.processors.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixtools.processors.InvalidOptionsException;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads typed values out of one JSON object of parameters. Every key that is read is allowed; {@link #rejectUnknown}
 * then refuses any other key, naming it and listing the allowed ones.
 */
final class ParamReader {

    private final ObjectNode node;
    private final String path;
    private final Set<String> allowed = new LinkedHashSet<>();

    ParamReader(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            node = JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new InvalidOptionsException(path, "must be a JSON object");
        }
        this.node = (ObjectNode) node;
        this.path = path;
    }

    int integer(String key, int min, int max, int fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.isNumber()) {
            throw invalid(key, "must be a whole number from " + min + " to " + max);
        }
        long n = value.asLong();
        if (n < min || n > max) {
            throw invalid(key, "must be from " + min + " to " + max + " (got " + value + ")");
        }
        return (int) n;
    }

    double decimal(String key, double min, double max, double fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw invalid(key, "must be a number from " + min + " to " + max);
        }
        double n = value.asDouble();
        if (n < min || n > max || Double.isNaN(n)) {
            throw invalid(key, "must be from " + min + " to " + max + " (got " + value + ")");
        }
        return n;
    }

    Integer optionalInteger(String key, int min, int max) {
        return value(key) == null ? null : integer(key, min, max, 0);
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(key, "must be true or false");
        }
        return value.booleanValue();
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        StringBuilder names = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(java.util.Locale.ROOT);
            if (value.isTextual() && name.equals(value.textValue())) {
                return constant;
            }
            names.append(names.isEmpty() ? "" : ", ").append(name);
        }
        throw invalid(key, "must be one of " + names + " (got " + value + ")");
    }

    /** A nested object, or null when absent. */
    JsonNode object(String key) {
        JsonNode value = value(key);
        if (value != null && !value.isObject()) {
            throw invalid(key, "must be a JSON object");
        }
        return value;
    }

    String field(String key) {
        return path + "." + key;
    }

    void rejectUnknown() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = allowed.isEmpty() ? "this operation takes no parameters" : "allowed: " + String.join(", ", allowed);
                throw new InvalidOptionsException(field(name), "unknown parameter; " + hint);
            }
        }
    }

    private JsonNode value(String key) {
        allowed.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private InvalidOptionsException invalid(String key, String message) {
        return new InvalidOptionsException(field(key), message);
    }
}
