package io.pixtools.processors.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A validated request: the operations in the order given, their typed options (which the workers receive), the
 * parameters as sent (keyed by operation, kept in the job record) and an optional webhook URL.
 */
public record JobRequest(
        List<Operation> operations, Map<Operation, OperationOptions> options, ObjectNode params, String webhookUrl) {

    public JobRequest {
        operations = List.copyOf(operations);
        options = Map.copyOf(options);
    }

    /** A stable description of everything that defines the job, for Idempotency-Key comparisons. */
    public String canonical() {
        StringBuilder out = new StringBuilder();
        for (Operation operation : operations) {
            out.append(options.get(operation)).append('\n');
        }
        return out.append(webhookUrl == null ? "" : webhookUrl).toString();
    }
}
