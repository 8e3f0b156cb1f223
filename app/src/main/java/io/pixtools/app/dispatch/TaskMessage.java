package io.pixtools.app.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.task.OperationTask;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Turns one task into the queue message: JSON body, plus the headers that route and correlate it. */
@Component("taskMessage")
public class TaskMessage implements Processor {

    private final ObjectMapper json;

    public TaskMessage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getIn();
        OperationTask task = message.getBody(OperationTask.class);
        message.getHeaders().clear();
        message.setHeader(PixHeaders.JOB_ID, task.jobId());
        message.setHeader(PixHeaders.OPERATION, task.operation());
        message.setHeader(PixHeaders.OPERATION_COUNT, task.operationCount());
        message.setBody(json.writeValueAsString(task));
    }
}
