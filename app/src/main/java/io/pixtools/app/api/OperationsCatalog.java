package io.pixtools.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.options.Operation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/operations}: the operations this server runs, so that clients (the web page) offer only those. */
@Component("operationsCatalog")
public class OperationsCatalog implements Processor {

    private final ObjectMapper json;

    public OperationsCatalog(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        List<Map<String, Object>> operations = Arrays.stream(Operation.values()).map(op -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", op.id());
            entry.put("content_type", op.contentType());
            entry.put("extension", op.extension());
            return entry;
        }).toList();
        JsonReply.set(exchange, 200, json.writeValueAsString(Map.of("operations", operations)));
    }
}
