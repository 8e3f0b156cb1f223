package io.pixtools.app.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.task.OperationTask;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/** A worker's first step: reads the task and points the object store at the job's original. */
@Component("taskReader")
public class TaskReader implements Processor {

    private final ObjectMapper json;
    private final OperationParamsParser legacyParams;

    public TaskReader(ObjectMapper json, OperationParamsParser legacyParams) {
        this.json = json;
        this.legacyParams = legacyParams;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getIn();
        // A retried fetch comes back here with the original's bytes as the body: the task read the first time counts.
        OperationTask task = exchange.getProperty(PixHeaders.TASK, OperationTask.class);
        if (task == null) {
            task = read(message.getBody(String.class));
            exchange.setProperty(PixHeaders.TASK, task);
            exchange.setProperty(PixHeaders.TASK_STARTED, System.nanoTime());
        }
        message.setHeader(PixHeaders.JOB_ID, task.jobId());
        message.setHeader(PixHeaders.OPERATION, task.operation());
        message.setHeader(PixHeaders.OPERATION_COUNT, task.operationCount());
        message.setHeader(AWS2S3Constants.KEY, task.sourceKey());
    }

    /**
     * The task of a message: typed options as dispatch writes them, or, for a message queued by a version before
     * typed options (raw {@code params} instead of {@code options}), the same parameters parsed as intake accepted
     * them. A broker keeps messages across an upgrade, so the old shape is read until those queues have drained.
     */
    OperationTask read(String body) throws IOException {
        JsonNode node = json.readTree(body);
        if (node.hasNonNull("options")) {
            return json.treeToValue(node, OperationTask.class);
        }
        String id = node.path("operation").asText();
        Operation operation = Operation.fromId(id)
                .orElseThrow(() -> new IllegalArgumentException("task for unknown operation '" + id + "'"));
        return new OperationTask(
                node.path("job_id").asText(),
                legacyParams.parse(operation, node.get("params")),
                node.path("source_key").asText(),
                node.path("source_name").asText(null),
                node.path("operation_count").asInt());
    }
}
