package io.pixtools.app.worker;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.observe.JobMetrics;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.PixToolsException;
import io.pixtools.processors.task.OperationTask;
import io.pixtools.processors.vips.VipsException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Records why an operation failed in words a client can read, once retries are over: the operation the worker was
 * running, or, when the message failed before its first operation (the original could not be fetched), every operation
 * it carried, along with what the message's earlier operations output. The job keeps its other outputs; the aggregator
 * still hears about the failure so that the job can finish as FAILED.
 */
@Component("operationFailure")
public class OperationFailure implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(OperationFailure.class);
    /** Local file paths in libvips messages say nothing useful to a client. */
    private static final Pattern PATHS = Pattern.compile("/[^\\s:\"']+");

    private final JobMetrics metrics;

    public OperationFailure(JobMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getIn();
        List<String> operations = failedOperations(exchange);
        LOG.warn("Operations {} of job {} failed", operations, message.getHeader(PixHeaders.JOB_ID), cause);
        String reason = describe(cause);
        message.setHeader(PixHeaders.OPERATION_STATUS, "FAILED");
        // What the message's earlier operations completed first: a failure never replaces a completed output.
        List<JobOutput> outputs = MessageOutputs.gatheredList(exchange);
        operations.forEach(op -> outputs.add(JobOutput.failed(op, reason)));
        exchange.setProperty(PixHeaders.OUTPUTS, outputs);
        message.setBody(null);
        for (String operation : operations) {
            metrics.operationFinished(operation, "FAILED", TaskClock.elapsed(exchange));
        }
    }

    private static List<String> failedOperations(Exchange exchange) {
        OperationTask running = exchange.getProperty(PixHeaders.TASK, OperationTask.class);
        if (running != null) {
            return List.of(running.operation());
        }
        List<?> tasks = exchange.getProperty(PixHeaders.MESSAGE_TASKS, List.class);
        return tasks == null
                ? List.of()
                : tasks.stream().map(t -> ((OperationTask) t).operation()).toList();
    }

    static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PixToolsException known) {
                return known.getMessage();
            }
            if (t instanceof VipsException vips) {
                return PATHS.matcher(vips.getMessage())
                        .replaceAll("<file>")
                        .replaceAll("\\s+", " ")
                        .strip();
            }
            if (t instanceof NoSuchKeyException) {
                return "the original image is missing from the object store";
            }
        }
        return "internal error while processing the operation";
    }
}
