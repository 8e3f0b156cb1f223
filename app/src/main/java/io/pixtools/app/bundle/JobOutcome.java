package io.pixtools.app.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.observe.JobMetrics;
import io.pixtools.app.storage.Timestamps;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how a job ends: COMPLETED when every operation produced its output, otherwise FAILED with a message
 * that names each failed or unfinished operation. Outputs that succeeded stay available either way.
 */
@Component("jobOutcome")
public class JobOutcome implements Processor {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final ObjectMapper json;
    private final JobMetrics metrics;

    public JobOutcome(ObjectMapper json, JobMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getIn();
        Map<?, ?> job = message.getHeader(PixHeaders.JOB_ROW, Map.class);
        List<?> outputs = message.getHeader(PixHeaders.OUTPUT_ROWS, List.class);
        List<String> operations = job == null ? List.of() : json.readValue(String.valueOf(job.get("operations")), STRINGS);
        String error = errorMessage(operations, outputs == null ? List.of() : outputs);
        message.setHeader(PixHeaders.JOB_STATUS, error == null ? "COMPLETED" : "FAILED");
        Instant created = job == null ? null : Timestamps.instant(job.get("created_at"));
        metrics.jobFinished(error == null ? "COMPLETED" : "FAILED", created == null ? null : Duration.between(created, Instant.now()));
        message.setHeader(PixHeaders.ERROR_MESSAGE, error);
        if (!message.getHeaders().containsKey(PixHeaders.ARCHIVE_KEY)) {
            message.setHeader(PixHeaders.ARCHIVE_KEY, null);
        }
    }

    static String errorMessage(List<String> operations, List<?> outputs) {
        Map<String, Map<?, ?>> byOperation = new HashMap<>();
        outputs.forEach(row -> byOperation.put(String.valueOf(((Map<?, ?>) row).get("operation")), (Map<?, ?>) row));
        List<String> problems = new ArrayList<>();
        for (String operation : operations) {
            Map<?, ?> row = byOperation.get(operation);
            if (row == null) {
                problems.add(operation + ": did not finish in time");
            } else if (!"COMPLETED".equals(row.get("status"))) {
                problems.add(operation + ": " + row.get("error_message"));
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        return problems.size() + " of " + operations.size() + " operations failed. " + String.join("; ", problems);
    }
}
