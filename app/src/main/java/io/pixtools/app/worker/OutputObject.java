package io.pixtools.app.worker;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.observe.JobMetrics;
import io.pixtools.app.storage.ObjectKeys;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/**
 * Names the operation's output {@code jobs/{job_id}/{operation}.{ext}} for the object store and marks it COMPLETED
 * for the job record. The same key on a redelivery overwrites the same object: the step is idempotent.
 */
@Component("outputObject")
public class OutputObject implements Processor {

    private final JobMetrics metrics;

    public OutputObject(JobMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getIn();
        Operation operation = Operation.fromId(message.getHeader(PixHeaders.OPERATION, String.class))
                .orElseThrow();
        String extension = message.getHeader(PixHeaders.OUTPUT_EXTENSION, operation.extension(), String.class);
        String key = ObjectKeys.output(message.getHeader(PixHeaders.JOB_ID, String.class), operation, extension);
        message.setHeader(AWS2S3Constants.KEY, key);
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, message.getHeader(PixHeaders.OUTPUT_CONTENT_TYPE));
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, message.getHeader(PixHeaders.OUTPUT_BYTES));
        message.setHeader(PixHeaders.OPERATION_STATUS, "COMPLETED");
        exchange.setProperty(
                PixHeaders.OUTPUT,
                JobOutput.completed(
                        operation.id(),
                        key,
                        message.getHeader(PixHeaders.OUTPUT_CONTENT_TYPE, String.class),
                        message.getHeader(PixHeaders.OUTPUT_BYTES, Long.class),
                        message.getHeader(PixHeaders.OUTPUT_WIDTH, Integer.class),
                        message.getHeader(PixHeaders.OUTPUT_HEIGHT, Integer.class)));
        if (message.getBody() instanceof Path path) {
            message.setBody(path.toFile());
        }
        metrics.operationFinished(operation.id(), "COMPLETED", TaskClock.elapsed(exchange));
        metrics.outputStored(operation.id(), extension, message.getHeader(PixHeaders.OUTPUT_BYTES, Long.class));
    }
}
