package io.pixtools.processors.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixtools.processors.InvalidOptionsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the form fields of {@code POST /api/process} into a {@link JobRequest}, naming the field at fault. */
public final class JobRequestParser {

    public static final int MAX_WEBHOOK_URL_LENGTH = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperationParamsParser paramsParser;
    private final int maxOperations;

    public JobRequestParser(OperationParamsParser paramsParser, int maxOperations) {
        this.paramsParser = paramsParser;
        this.maxOperations = maxOperations;
    }

    public JobRequest parse(String operationsField, String paramsField, String webhookField) {
        List<Operation> operations = operations(operationsField);
        ObjectNode params = params(paramsField, operations);
        Map<Operation, OperationOptions> options = new EnumMap<>(Operation.class);
        for (Operation operation : operations) {
            options.put(operation, paramsParser.parse(operation, params.get(operation.id())));
        }
        return new JobRequest(operations, options, params, webhookUrl(webhookField));
    }

    private List<Operation> operations(String field) {
        if (field == null || field.isBlank()) {
            throw new InvalidOptionsException(
                    "operations", "required: a JSON array of operations, for example [\"jpg\",\"webp\"]");
        }
        JsonNode node = json("operations", field);
        if (!node.isArray()) {
            throw new InvalidOptionsException(
                    "operations", "must be a JSON array of operations, for example [\"jpg\",\"webp\"]");
        }
        if (node.isEmpty()) {
            throw new InvalidOptionsException(
                    "operations", "give at least one operation; available: " + Operation.allIds());
        }
        if (node.size() > maxOperations) {
            throw new InvalidOptionsException(
                    "operations", "at most " + maxOperations + " operations per job (got " + node.size() + ")");
        }
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "operations[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw new InvalidOptionsException(at, "must be a string; available: " + Operation.allIds());
            }
            String id = item.textValue().strip().toLowerCase(Locale.ROOT);
            Operation operation = Operation.fromId(id)
                    .orElseThrow(() -> new InvalidOptionsException(
                            at, "unknown operation '" + item.textValue() + "'; available: " + Operation.allIds()));
            if (operations.contains(operation)) {
                throw new InvalidOptionsException(at, "'" + id + "' is listed twice");
            }
            operations.add(operation);
        }
        return operations;
    }

    private static ObjectNode params(String field, List<Operation> operations) {
        if (field == null || field.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node = json("operation_params", field);
        if (!node.isObject()) {
            throw new InvalidOptionsException(
                    "operation_params",
                    "must be a JSON object keyed by operation, for example {\"webp\":{\"quality\":80}}");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (Operation.fromId(name).filter(operations::contains).isEmpty()) {
                throw new InvalidOptionsException(
                        "operation_params." + name, "'" + name + "' is not one of the requested operations");
            }
        }
        return (ObjectNode) node;
    }

    private static String webhookUrl(String field) {
        if (field == null || field.isBlank()) {
            return null;
        }
        String url = field.strip();
        if (url.length() > MAX_WEBHOOK_URL_LENGTH) {
            throw new InvalidOptionsException("webhook_url", "longer than " + MAX_WEBHOOK_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidOptionsException("webhook_url", "not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidOptionsException("webhook_url", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidOptionsException("webhook_url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidOptionsException("webhook_url", "must not contain credentials");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidOptionsException("webhook_url", "port " + uri.getPort() + " is not between 1 and 65535");
        }
        return url;
    }

    private static JsonNode json(String field, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null) {
                throw new InvalidOptionsException(field, "empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidOptionsException(field, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
