package io.pixtools.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.JsonReply;
import io.pixtools.processors.options.OperationSchema;
import io.pixtools.processors.options.OperationSpec;
import io.pixtools.processors.options.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/operations}: the operations this server runs and every parameter each one takes (type, default,
 * range or allowed values, description), read from the {@link OperationSchema}. The web page builds its controls from
 * this answer.
 */
@Component("operationsCatalog")
public class OperationsCatalog implements Processor {

    private final ObjectMapper json;
    private final String body;

    public OperationsCatalog(ObjectMapper json, OperationSchema schema) throws JsonProcessingException {
        this.json = json;
        this.body = json.writeValueAsString(Map.of(
                "operations",
                schema.operations().stream().map(OperationsCatalog::operation).toList()));
    }

    @Override
    public void process(Exchange exchange) {
        JsonReply.set(exchange, 200, body);
    }

    static Map<String, Object> operation(OperationSpec spec) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", spec.id());
        entry.put("title", spec.title());
        entry.put("summary", spec.summary());
        entry.put("content_type", spec.operation().contentType());
        entry.put("extension", spec.operation().extension());
        entry.put("params", params(spec.params()));
        return entry;
    }

    private static List<Map<String, Object>> params(List<Param<?>> params) {
        return params.stream().map(OperationsCatalog::param).toList();
    }

    /** One parameter, in the words of JSON Schema (type, default, minimum/maximum, enum) so OpenAPI readers know them. */
    static Map<String, Object> param(Param<?> param) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", param.name());
        switch (param) {
            case Param.Int p -> {
                entry.put("type", "integer");
                entry.put("minimum", p.min());
                entry.put("maximum", p.max());
            }
            case Param.Decimal p -> {
                entry.put("type", "number");
                entry.put("minimum", p.min());
                entry.put("maximum", p.max());
            }
            case Param.Bool p -> entry.put("type", "boolean");
            case Param.Choice<?> p -> {
                entry.put("type", "string");
                entry.put("enum", p.values());
            }
            case Param.Group p -> {
                entry.put("type", "object");
                entry.put("params", params(p.params()));
                entry.put("rules", p.rules());
            }
        }
        Object fallback = param.defaultValue();
        if (fallback != null) {
            entry.put("default", fallback instanceof Enum<?> constant ? Param.Choice.id(constant) : fallback);
        }
        entry.put("description", param.description());
        return entry;
    }
}
