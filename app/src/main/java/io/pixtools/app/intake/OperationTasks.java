package io.pixtools.app.intake;

import io.pixtools.app.jobs.Job;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.task.OperationTask;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** One task per requested operation, carrying the options intake parsed, kept for dispatch to split and route to the workers once the job is accepted. */
@Component("operationTasks")
public class OperationTasks implements Processor {

    @Override
    public void process(Exchange exchange) {
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        exchange.setProperty(PixHeaders.TASKS, tasks(request, job.jobId(), job.sourceKey(), job.sourceName()));
    }

    static List<OperationTask> tasks(JobRequest request, String jobId, String sourceKey, String sourceName) {
        List<Operation> operations = request.operations();
        return operations.stream()
                .map(op ->
                        new OperationTask(jobId, request.options().get(op), sourceKey, sourceName, operations.size()))
                .toList();
    }
}
