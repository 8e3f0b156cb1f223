package io.pixtools.app.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.task.OperationTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/**
 * A worker's first step: reads the message's tasks (one job's operations for this worker) and points the object store
 * at the job's original; then, in the split over them, {@link #begin} starts each operation.
 */
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
        // A retried fetch comes back here with the original's bytes as the body: the tasks read the first time count.
        List<?> tasks = exchange.getProperty(PixHeaders.MESSAGE_TASKS, List.class);
        if (tasks == null) {
            tasks = readAll(message.getBody(String.class));
            exchange.setProperty(PixHeaders.MESSAGE_TASKS, tasks);
            MessageOutputs.open(exchange);
        }
        OperationTask first = (OperationTask) tasks.getFirst();
        message.setHeader(PixHeaders.JOB_ID, first.jobId());
        message.setHeader(PixHeaders.OPERATION_COUNT, first.operationCount());
        message.setHeader(AWS2S3Constants.KEY, first.sourceKey());
    }

    /** Starts one operation of the message: the split's body is its task. */
    public void begin(Exchange exchange) {
        OperationTask task = exchange.getIn().getBody(OperationTask.class);
        exchange.setProperty(PixHeaders.TASK, task);
        exchange.setProperty(PixHeaders.TASK_STARTED, System.nanoTime());
        exchange.getIn().setHeader(PixHeaders.OPERATION, task.operation());
        exchange.getIn().setBody(null);
    }

    /**
     * The tasks of a message: a JSON array of them (dispatch sends a job's operations for one worker together), or a
     * single task, as dispatch writes a lone operation and as every version before wrote each.
     */
    List<OperationTask> readAll(String body) throws IOException {
        JsonNode node = json.readTree(body);
        if (!node.isArray()) {
            return List.of(read(node));
        }
        if (node.isEmpty()) {
            throw new IllegalArgumentException("a task message without tasks");
        }
        List<OperationTask> tasks = new ArrayList<>();
        for (JsonNode task : node) {
            tasks.add(read(task));
        }
        if (tasks.stream().map(OperationTask::jobId).distinct().count() > 1) {
            throw new IllegalArgumentException("a task message for more than one job");
        }
        return List.copyOf(tasks);
    }

    /**
     * One task: typed options as dispatch writes them, or, for a message queued by a version before
     * typed options (raw {@code params} instead of {@code options}), the same parameters parsed as intake accepted
     * them. A broker keeps messages across an upgrade, so the old shape is read until those queues have drained.
     */
    private OperationTask read(JsonNode node) throws IOException {
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
