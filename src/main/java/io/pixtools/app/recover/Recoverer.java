package io.pixtools.app.recover;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.config.PixToolsProperties;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.OperationTask;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of the recovery sweep, called by the recover route. A job is stuck when it is PENDING or PROCESSING and
 * has not moved for {@code pixtools.jobs.stuck-after} (a process died between steps, or an in-JVM queue was lost
 * with it). The sweep claims each stuck job once, re-dispatches the operations that have no output yet and reports
 * again those that have, so that the aggregator completes the job. After {@code max-recoveries} it gives up and
 * the job fails with a message that names the operations.
 * <p>
 * While tasks wait in the worker queues the sweep does nothing: a job behind a backlog has not moved because its
 * task has not been reached yet, and sending it again would only lengthen the queue (and count against the job's
 * recoveries). A job that is really stuck is recovered once the queues have drained.
 */
@Component("recoverer")
public class Recoverer {

    private static final Logger LOG = LoggerFactory.getLogger(Recoverer.class);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private static final int BATCH = 100;

    private final ObjectMapper json;
    private final OperationParamsParser parser;
    private final PixToolsProperties.Jobs settings;
    private final WaitingWork waitingWork;
    private final boolean resumeAtStart;

    Recoverer(ObjectMapper json, OperationParamsParser parser, PixToolsProperties properties, WaitingWork waitingWork) {
        this.json = json;
        this.parser = parser;
        this.settings = properties.jobs();
        this.waitingWork = waitingWork;
        this.resumeAtStart = properties.transport() == PixToolsProperties.Transport.SEDA;
    }

    /**
     * Sets the sweep's thresholds. A sweep that recovers all ({@link PixHeaders#RECOVER_ALL}, at start-up of the
     * embedded default) takes every unfinished job and every ACCEPTING row as of now, whatever waits in the queues.
     */
    public void start(Exchange exchange) {
        boolean all = exchange.getProperty(PixHeaders.RECOVER_ALL, false, Boolean.class);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long waiting = all ? 0 : waitingWork.tasks();
        exchange.setProperty(PixHeaders.WAITING_TASKS, waiting);
        exchange.setProperty(PixHeaders.RECOVER_MORE, true);
        exchange.getIn().setHeader(PixHeaders.STUCK_BEFORE, all ? now : now.minus(settings.stuckAfter()));
        exchange.getIn().setHeader(PixHeaders.ABANDONED_BEFORE, all ? now : now.minus(settings.abandonedIntakeAfter()));
        exchange.getIn().setHeader(PixHeaders.RECOVER_BATCH, BATCH);
        if (waiting > 0) {
            LOG.debug("Recovery sweep skipped: {} tasks are waiting in the worker queues", waiting);
        }
    }

    /** The embedded default's in-JVM queues die with the process: every unfinished job is resumed at start-up. */
    public boolean resumesAtStart() {
        return resumeAtStart;
    }

    /** After a batch of stuck jobs was read: a full batch means there may be more. */
    public void batch(Exchange exchange) {
        List<?> jobs = exchange.getIn().getBody(List.class);
        exchange.setProperty(PixHeaders.RECOVER_MORE, jobs != null && jobs.size() >= BATCH);
        if (jobs != null && !jobs.isEmpty() && exchange.getProperty(PixHeaders.RECOVER_ALL, false, Boolean.class)) {
            LOG.warn("Resuming {} unfinished jobs left by the last process", jobs.size());
        }
    }

    /** An intake that died between its job row and its 202: named for deletion with its original. */
    public void abandoned(Exchange exchange) {
        Map<?, ?> row = exchange.getIn().getBody(Map.class);
        LOG.warn("Removing job {}: its intake died before it was accepted", row.get("job_id"));
        exchange.getIn().setHeader(PixHeaders.JOB_ID, row.get("job_id"));
    }

    /** One stuck job of the batch: remember its row, and name it for the claim. */
    public void job(Exchange exchange) {
        Map<?, ?> row = exchange.getIn().getBody(Map.class);
        exchange.setProperty(PixHeaders.STUCK_JOB, row);
        exchange.getIn().setHeader(PixHeaders.JOB_ID, row.get("job_id"));
    }

    /** After the claim and the outputs were read: resume the job, or give up on it. */
    public void decide(Exchange exchange) throws IOException {
        Map<?, ?> row = exchange.getProperty(PixHeaders.STUCK_JOB, Map.class);
        List<?> outputs = exchange.getIn().getHeader(PixHeaders.OUTPUT_ROWS, List.class);
        List<String> operations = json.readValue(String.valueOf(row.get("operations")), STRINGS);
        List<String> missing = missing(operations, outputs == null ? List.of() : outputs);
        int attempts = ((Number) row.get("recovery_attempts")).intValue() + 1;
        if (attempts > settings.maxRecoveries()) {
            exchange.setProperty(PixHeaders.RECOVERY, "give-up");
            exchange.getIn().setHeader(PixHeaders.ERROR_MESSAGE, "the job did not finish after " + settings.maxRecoveries()
                    + " recoveries; unfinished operations: " + String.join(", ", missing.isEmpty() ? List.of("bundle") : missing));
            LOG.warn("Giving up on stuck job {} ({} recoveries)", row.get("job_id"), settings.maxRecoveries());
            return;
        }
        String jobId = String.valueOf(row.get("job_id"));
        List<OperationTask> tasks;
        try {
            tasks = tasks(row, missing, operations.size());
        } catch (InvalidOptionsException e) {
            // Accepted by an earlier version whose parameters this one no longer takes: the job cannot be resumed.
            exchange.setProperty(PixHeaders.RECOVERY, "give-up");
            exchange.getIn().setHeader(PixHeaders.ERROR_MESSAGE, "the job cannot be resumed: " + e.getMessage());
            LOG.warn("Giving up on stuck job {}: its stored parameters no longer parse ({})", jobId, e.getMessage());
            return;
        }
        exchange.setProperty(PixHeaders.RECOVERY, "resume");
        exchange.getIn().setBody(tasks);
        LOG.warn("Recovering stuck job {} (attempt {}): re-dispatching {}, reporting again {} finished operations",
                jobId, attempts, missing, operations.size() - missing.size());
    }

    /** The results to report again: one message per recorded output, as a worker would have sent it. */
    public List<Map<String, Object>> finished(Exchange exchange) {
        Map<?, ?> row = exchange.getProperty(PixHeaders.STUCK_JOB, Map.class);
        List<?> outputs = exchange.getIn().getHeader(PixHeaders.OUTPUT_ROWS, List.class);
        int count;
        try {
            count = json.readValue(String.valueOf(row.get("operations")), STRINGS).size();
        } catch (IOException e) {
            throw new IllegalStateException("job row without valid operations", e);
        }
        return (outputs == null ? List.<Object>of() : List.<Object>copyOf(outputs)).stream().map(o -> {
            Map<?, ?> output = (Map<?, ?>) o;
            Map<String, Object> result = new HashMap<>();
            result.put(PixHeaders.JOB_ID, row.get("job_id"));
            result.put(PixHeaders.OPERATION, output.get("operation"));
            result.put(PixHeaders.OPERATION_COUNT, count);
            result.put(PixHeaders.OPERATION_STATUS, output.get("status"));
            return result;
        }).toList();
    }

    /** Turns one of {@link #finished}'s entries into the headers of a result message. */
    public void result(Exchange exchange) {
        Map<?, ?> result = exchange.getIn().getBody(Map.class);
        Message message = exchange.getIn();
        result.forEach((k, v) -> message.setHeader(String.valueOf(k), v));
    }

    /** The tasks of the {@code missing} operations, their options parsed from the parameters the job row stored. */
    private List<OperationTask> tasks(Map<?, ?> row, List<String> missing, int operationCount) throws IOException {
        JsonNode params = json.readTree(String.valueOf(row.get("operation_params")));
        String jobId = String.valueOf(row.get("job_id"));
        List<OperationTask> tasks = new ArrayList<>();
        for (String id : missing) {
            Operation operation = Operation.fromId(id).orElseThrow(() -> new InvalidOptionsException("operations",
                    "unknown operation '" + id + "'"));
            tasks.add(new OperationTask(jobId, parser.parse(operation, params.get(id)), String.valueOf(row.get("source_key")),
                    String.valueOf(row.get("source_name")), operationCount));
        }
        return tasks;
    }

    static List<String> missing(List<String> operations, List<?> outputs) {
        List<String> done = outputs.stream().map(o -> String.valueOf(((Map<?, ?>) o).get("operation"))).toList();
        return operations.stream().filter(op -> !done.contains(op)).toList();
    }
}
