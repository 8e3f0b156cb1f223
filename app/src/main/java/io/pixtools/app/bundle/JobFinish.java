package io.pixtools.app.bundle;

import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobEnd;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.processors.PixHeaders;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a job whose operations have all recorded their outputs ends, in one transaction: its outputs read, its ZIP
 * named, its outcome decided, then its final status and the webhook delivery it owes written together.
 */
@Component("jobFinish")
public class JobFinish {

    private final JobStore jobs;
    private final ArchiveObject archive;
    private final JobOutcome outcome;
    private final TransactionTemplate transaction;

    public JobFinish(
            JobStore jobs, ArchiveObject archive, JobOutcome outcome, PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.archive = archive;
        this.outcome = outcome;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Whether this call finished the job (false: it was not running any more, or is gone). */
    public boolean finish(Exchange exchange) {
        String jobId = exchange.getIn().getHeader(PixHeaders.JOB_ID, String.class);
        return Boolean.TRUE.equals(transaction.execute(status -> {
            Job job = jobs.find(jobId);
            if (job == null) {
                return false;
            }
            List<JobOutput> outputs = jobs.outputs(jobId);
            if (outputs.size() < job.operations().size()) {
                throw new IllegalStateException("job " + jobId + " has fewer outputs than operations");
            }
            exchange.setProperty(PixHeaders.JOB, job);
            exchange.setProperty(PixHeaders.OUTPUTS, outputs);
            archive.name(exchange);
            outcome.process(exchange);
            return jobs.finish(jobId, exchange.getProperty(PixHeaders.JOB_END, JobEnd.class));
        }));
    }
}
