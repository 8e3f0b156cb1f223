package io.pixtools.app.bundle;

import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobEnd;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.JobStatus;
import io.pixtools.app.observe.JobMetrics;
import io.pixtools.app.webhook.WebhookReceiver;
import io.pixtools.processors.PixHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Decides how a job ends: COMPLETED when every operation produced its output, otherwise FAILED with a message
 * that names each failed or unfinished operation. Outputs that succeeded stay available either way.
 */
@Component("jobOutcome")
public class JobOutcome implements Processor {

    private final JobMetrics metrics;

    public JobOutcome(JobMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        List<?> outputs = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        JobEnd end = decide(
                job,
                outputs == null
                        ? List.of()
                        : outputs.stream().map(JobOutput.class::cast).toList(),
                exchange.getProperty(PixHeaders.ARCHIVE_KEY, String.class));
        exchange.setProperty(PixHeaders.JOB_END, end);
    }

    /** Counts the job in the metrics, once it is finished. */
    public void count(Exchange exchange) {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        JobEnd end = exchange.getProperty(PixHeaders.JOB_END, JobEnd.class);
        metrics.jobFinished(end.status().name(), job == null ? null : Duration.between(job.createdAt(), Instant.now()));
    }

    static JobEnd decide(Job job, List<JobOutput> outputs, String archiveKey) {
        String error = errorMessage(job == null ? List.of() : job.operations(), outputs);
        String receiver = job == null || job.webhookUrl() == null ? null : WebhookReceiver.of(job.webhookUrl());
        return new JobEnd(error == null ? JobStatus.COMPLETED : JobStatus.FAILED, error, archiveKey, receiver);
    }

    static String errorMessage(List<String> operations, List<JobOutput> outputs) {
        Map<String, JobOutput> byOperation =
                outputs.stream().collect(Collectors.toMap(JobOutput::operation, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (String operation : operations) {
            JobOutput output = byOperation.get(operation);
            if (output == null) {
                problems.add(operation + ": did not finish in time");
            } else if (!output.completed()) {
                problems.add(operation + ": " + output.errorMessage());
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        return problems.size() + " of " + operations.size() + " operations failed. " + String.join("; ", problems);
    }
}
