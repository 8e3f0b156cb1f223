package io.pixtools.processors.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pixtools.processors.InvalidOptionsException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON object of parameters against their declarations: each value must have its declared type and lie in
 * its declared range or set, an absent (or null) value takes its default, and a key that is not declared is refused.
 * Every refusal names the field, for example {@code operation_params.webp.quality}.
 */
final class ParamReader {

    private ParamReader() {}

    static ParamValues read(List<Param<?>> params, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            node = JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new InvalidOptionsException(path, "must be a JSON object");
        }
        Map<String, Object> values = new HashMap<>();
        for (Param<?> param : params) {
            JsonNode value = node.get(param.name());
            values.put(
                    param.name(),
                    value == null || value.isNull()
                            ? param.defaultValue()
                            : value(param, value, path + "." + param.name()));
        }
        rejectUnknown(params, node, path);
        return new ParamValues(values);
    }

    private static Object value(Param<?> param, JsonNode value, String field) {
        return switch (param) {
            case Param.Int p -> {
                if (!value.canConvertToExactIntegral() || !value.isNumber()) {
                    throw new InvalidOptionsException(
                            field, "must be a whole number from " + p.min() + " to " + p.max());
                }
                long n = value.asLong();
                if (n < p.min() || n > p.max()) {
                    throw new InvalidOptionsException(
                            field, "must be from " + p.min() + " to " + p.max() + " (got " + value + ")");
                }
                yield (int) n;
            }
            case Param.Decimal p -> {
                if (!value.isNumber()) {
                    throw new InvalidOptionsException(field, "must be a number from " + p.min() + " to " + p.max());
                }
                double n = value.asDouble();
                if (n < p.min() || n > p.max() || Double.isNaN(n)) {
                    throw new InvalidOptionsException(
                            field, "must be from " + p.min() + " to " + p.max() + " (got " + value + ")");
                }
                yield n;
            }
            case Param.Bool p -> {
                if (!value.isBoolean()) {
                    throw new InvalidOptionsException(field, "must be true or false");
                }
                yield value.booleanValue();
            }
            case Param.Choice<?> p -> choice(p, value, field);
            case Param.Group p -> {
                if (!value.isObject()) {
                    throw new InvalidOptionsException(field, "must be a JSON object");
                }
                yield read(p.params(), value, field);
            }
        };
    }

    private static <E extends Enum<E>> E choice(Param.Choice<E> param, JsonNode value, String field) {
        for (E constant : param.type().getEnumConstants()) {
            if (value.isTextual() && Param.Choice.id(constant).equals(value.textValue())) {
                return constant;
            }
        }
        throw new InvalidOptionsException(
                field, "must be one of " + String.join(", ", param.values()) + " (got " + value + ")");
    }

    private static void rejectUnknown(List<Param<?>> params, JsonNode node, String path) {
        List<String> allowed = params.stream().map(Param::name).toList();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String hint = allowed.isEmpty()
                        ? "this operation takes no parameters"
                        : "allowed: " + String.join(", ", allowed);
                throw new InvalidOptionsException(path + "." + name, "unknown parameter; " + hint);
            }
        }
    }
}
