package io.pixtools.app.bundle;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.processors.PixHeaders;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A task message that holds every operation of its job records its outputs and finishes the job in one transaction:
 * no other worker can still add an output, so the job is complete as soon as this message's outputs are. (A job split
 * between workers is finished by whichever reports last, aggregate.camel.yaml.)
 */
@Component("wholeJobFinish")
public class WholeJobFinish {

    private final JobStore jobs;
    private final JobFinish finish;
    private final TransactionTemplate transaction;

    public WholeJobFinish(JobStore jobs, JobFinish finish, PlatformTransactionManager transactions) {
        this.jobs = jobs;
        this.finish = finish;
        this.transaction = new TransactionTemplate(transactions);
    }

    public boolean holdsWholeJob(Exchange exchange) {
        List<?> tasks = exchange.getProperty(PixHeaders.MESSAGE_TASKS, List.class);
        Integer operations = exchange.getIn().getHeader(PixHeaders.OPERATION_COUNT, Integer.class);
        return tasks != null && operations != null && tasks.size() == operations;
    }

    /** Sets {@code PixWritten} to whether this message finished the job (false: it was not running any more). */
    public void recordAndFinish(Exchange exchange) {
        String jobId = exchange.getIn().getHeader(PixHeaders.JOB_ID, String.class);
        @SuppressWarnings("unchecked")
        List<JobOutput> gathered = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        Boolean finished =
                transaction.execute(status -> jobs.recordOutputs(jobId, gathered) && finish.finish(exchange));
        exchange.setProperty(PixHeaders.WRITTEN, Boolean.TRUE.equals(finished));
    }
}
