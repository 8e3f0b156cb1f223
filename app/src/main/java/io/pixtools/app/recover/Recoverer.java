package io.pixtools.app.recover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.task.OperationTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

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

    private static final int BATCH = 100;

    private final JobStore jobs;
    private final ObjectMapper json;
    private final OperationParamsParser parser;
    private final PixToolsProperties.Jobs settings;
    private final WaitingWork waitingWork;
    private final boolean resumeAtStart;

    Recoverer(
            JobStore jobs,
            ObjectMapper json,
            OperationParamsParser parser,
            PixToolsProperties properties,
            WaitingWork waitingWork) {
        this.jobs = jobs;
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
        Instant now = Instant.now();
        long waiting = all ? 0 : waitingWork.tasks();
        exchange.setProperty(PixHeaders.WAITING_TASKS, waiting);
        exchange.setProperty(PixHeaders.RECOVER_MORE, true);
        exchange.setProperty(PixHeaders.STUCK_BEFORE, all ? now : now.minus(settings.stuckAfter()));
        exchange.setProperty(PixHeaders.ABANDONED_BEFORE, all ? now : now.minus(settings.abandonedIntakeAfter()));
        if (waiting > 0) {
            LOG.debug("Recovery sweep skipped: {} tasks are waiting in the worker queues", waiting);
        }
    }

    /** The embedded default's in-JVM queues die with the process: every unfinished job is resumed at start-up. */
    public boolean resumesAtStart() {
        return resumeAtStart;
    }

    /** Intakes that died between their job row and their 202: named for deletion with their original. */
    public List<String> abandoned(Exchange exchange) {
        List<String> ids = jobs.abandoned(exchange.getProperty(PixHeaders.ABANDONED_BEFORE, Instant.class));
        ids.forEach(id -> LOG.warn("Removing job {}: its intake died before it was accepted", id));
        return ids;
    }

    /** The next batch of stuck jobs; a full batch means there may be more. */
    public List<Job> batch(Exchange exchange) {
        List<Job> stuck = jobs.stuck(exchange.getProperty(PixHeaders.STUCK_BEFORE, Instant.class), BATCH);
        exchange.setProperty(PixHeaders.RECOVER_MORE, stuck.size() >= BATCH);
        if (!stuck.isEmpty() && exchange.getProperty(PixHeaders.RECOVER_ALL, false, Boolean.class)) {
            LOG.warn("Resuming {} unfinished jobs left by the last process", stuck.size());
        }
        return stuck;
    }

    /** Claims one stuck job of the batch, once across every sweep; false when another sweep has it. */
    public boolean claim(Exchange exchange) {
        Job job = exchange.getIn().getBody(Job.class);
        exchange.setProperty(PixHeaders.JOB, job);
        exchange.getIn().setHeader(PixHeaders.JOB_ID, job.jobId());
        return jobs.claimStuck(job.jobId(), exchange.getProperty(PixHeaders.STUCK_BEFORE, Instant.class));
    }

    /**
     * Resumes the claimed job (the body becomes the tasks of its unfinished operations, and its finished outputs are
     * kept to report again) or, after {@code max-recoveries}, gives up on it.
     */
    public void decide(Exchange exchange) throws JsonProcessingException {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        List<JobOutput> outputs = jobs.outputs(job.jobId());
        List<String> missing = missing(job.operations(), outputs);
        int attempts = job.recoveryAttempts() + 1;
        if (attempts > settings.maxRecoveries()) {
            exchange.setProperty(PixHeaders.RECOVERY, "give-up");
            jobs.giveUp(
                    job.jobId(),
                    "the job did not finish after " + settings.maxRecoveries() + " recoveries; unfinished operations: "
                            + String.join(", ", missing.isEmpty() ? List.of("bundle") : missing));
            LOG.warn("Giving up on stuck job {} ({} recoveries)", job.jobId(), settings.maxRecoveries());
            return;
        }
        List<OperationTask> tasks;
        try {
            tasks = tasks(job, missing);
        } catch (InvalidOptionsException e) {
            // Accepted by an earlier version whose parameters this one no longer takes: the job cannot be resumed.
            exchange.setProperty(PixHeaders.RECOVERY, "give-up");
            jobs.giveUp(job.jobId(), "the job cannot be resumed: " + e.getMessage());
            LOG.warn(
                    "Giving up on stuck job {}: its stored parameters no longer parse ({})",
                    job.jobId(),
                    e.getMessage());
            return;
        }
        exchange.setProperty(PixHeaders.RECOVERY, "resume");
        exchange.setProperty(PixHeaders.OUTPUTS, outputs);
        exchange.getIn().setBody(tasks);
        LOG.warn(
                "Recovering stuck job {} (attempt {}): re-dispatching {}, reporting again {} finished operations",
                job.jobId(),
                attempts,
                missing,
                job.operations().size() - missing.size());
    }

    /** The results to report again: one per recorded output, as a worker would have sent it. */
    public List<JobOutput> finished(Exchange exchange) {
        List<?> outputs = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        return outputs.stream().map(JobOutput.class::cast).toList();
    }

    /** Turns one of {@link #finished}'s outputs into the headers of a result message. */
    public void result(Exchange exchange) {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        JobOutput output = exchange.getIn().getBody(JobOutput.class);
        Message message = exchange.getIn();
        message.setHeader(PixHeaders.JOB_ID, job.jobId());
        message.setHeader(PixHeaders.OPERATION, output.operation());
        message.setHeader(PixHeaders.OPERATION_COUNT, job.operations().size());
        message.setHeader(PixHeaders.OPERATION_STATUS, output.status().name());
    }

    /** The tasks of the {@code missing} operations, their options parsed from the parameters the job stored. */
    private List<OperationTask> tasks(Job job, List<String> missing) throws JsonProcessingException {
        JsonNode params = json.readTree(job.operationParams());
        List<OperationTask> tasks = new ArrayList<>();
        for (String id : missing) {
            Operation operation = Operation.fromId(id)
                    .orElseThrow(() -> new InvalidOptionsException("operations", "unknown operation '" + id + "'"));
            tasks.add(new OperationTask(
                    job.jobId(),
                    parser.parse(operation, params.get(id)),
                    job.sourceKey(),
                    job.sourceName(),
                    job.operations().size()));
        }
        return tasks;
    }

    static List<String> missing(List<String> operations, List<JobOutput> outputs) {
        List<String> done = outputs.stream().map(JobOutput::operation).toList();
        return operations.stream().filter(op -> !done.contains(op)).toList();
    }
}
