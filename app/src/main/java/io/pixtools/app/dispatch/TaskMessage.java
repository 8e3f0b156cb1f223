package io.pixtools.app.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.task.OperationTask;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns one job's tasks for one worker into the queue message: JSON body, plus the headers that route and correlate
 * it. A lone task is written as a single object, the shape every version reads; several as an array of them.
 */
@Component("taskMessage")
public class TaskMessage implements Processor {

    private final ObjectMapper json;

    public TaskMessage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        Message message = exchange.getIn();
        List<?> tasks = message.getMandatoryBody(List.class);
        OperationTask first = (OperationTask) tasks.getFirst();
        message.getHeaders().clear();
        // On the in-JVM queues the exchange itself travels: only the body and these headers go, as on a broker.
        exchange.removeProperties("Pix*");
        message.setHeader(PixHeaders.JOB_ID, first.jobId());
        message.setHeader(
                PixHeaders.OPERATION,
                tasks.stream().map(t -> ((OperationTask) t).operation()).collect(Collectors.joining(",")));
        message.setHeader(PixHeaders.OPERATION_COUNT, first.operationCount());
        message.setBody(json.writeValueAsString(tasks.size() == 1 ? first : tasks));
    }
}
