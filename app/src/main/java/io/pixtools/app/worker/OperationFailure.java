package io.pixtools.app.worker;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.observe.JobMetrics;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.PixToolsException;
import io.pixtools.processors.vips.VipsException;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Records why an operation failed in words a client can read, once retries are over. The job keeps its other
 * outputs; the aggregator still hears about this operation so that the job can finish as FAILED.
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
        String operation = message.getHeader(PixHeaders.OPERATION, String.class);
        LOG.warn("Operation {} of job {} failed", operation, message.getHeader(PixHeaders.JOB_ID), cause);
        message.setHeader(PixHeaders.OPERATION_STATUS, "FAILED");
        exchange.setProperty(PixHeaders.OUTPUT, JobOutput.failed(operation, describe(cause)));
        message.setBody(null);
        if (operation != null) {
            metrics.operationFinished(operation, "FAILED", TaskClock.elapsed(exchange));
        }
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
