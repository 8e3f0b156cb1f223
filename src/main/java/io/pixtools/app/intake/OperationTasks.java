package io.pixtools.app.intake;

import io.pixtools.processors.OperationTask;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.Operation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** One task per requested operation, carrying the options intake parsed, kept for dispatch to split and route to the workers once the job is accepted. */
@Component("operationTasks")
public class OperationTasks implements Processor {

    @Override
    public void process(Exchange exchange) {
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        Map<?, ?> row = exchange.getIn().getBody(Map.class);
        exchange.setProperty(PixHeaders.TASKS, tasks(request, (String) row.get("job_id"), (String) row.get("source_key"),
                (String) row.get("source_name")));
    }

    static List<OperationTask> tasks(JobRequest request, String jobId, String sourceKey, String sourceName) {
        List<Operation> operations = request.operations();
        return operations.stream()
                .map(op -> new OperationTask(jobId, request.options().get(op), sourceKey, sourceName, operations.size()))
                .toList();
    }
}
