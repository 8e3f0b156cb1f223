package io.pixtools.app.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.OperationTask;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

import java.io.IOException;

/** A worker's first step: reads the task and points the object store at the job's original. */
@Component("taskReader")
public class TaskReader implements Processor {

    private final ObjectMapper json;

    public TaskReader(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getIn();
        // A retried fetch comes back here with the original's bytes as the body: the task read the first time counts.
        OperationTask task = exchange.getProperty(PixHeaders.TASK, OperationTask.class);
        if (task == null) {
            task = json.readValue(message.getBody(String.class), OperationTask.class);
            exchange.setProperty(PixHeaders.TASK, task);
            exchange.setProperty(PixHeaders.TASK_STARTED, System.nanoTime());
        }
        message.setHeader(PixHeaders.JOB_ID, task.jobId());
        message.setHeader(PixHeaders.OPERATION, task.operation());
        message.setHeader(PixHeaders.OPERATION_COUNT, task.operationCount());
        message.setHeader(AWS2S3Constants.KEY, task.sourceKey());
    }
}
