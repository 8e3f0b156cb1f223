package io.pixtools.app.api;

import io.pixtools.app.http.ApiException;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/**
 * Resolves a download request to the stored object and the reply headers a browser needs: the content type, and an
 * attachment file name made from the uploaded file's name.
 */
@Component("downloadTarget")
public class DownloadTarget implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        String stem = job.sourceName();
        String operation = in.getHeader("operation", String.class);
        if (operation == null) {
            target(exchange, job.archiveKey(), "application/zip", stem + ".zip", "archive");
            return;
        }
        Operation op =
                Operation.fromId(operation).orElseThrow(() -> ApiException.notFound("result '" + operation + "'"));
        JobOutput output = completedOutput(exchange.getProperty(PixHeaders.OUTPUTS, List.class), op);
        if (output == null) {
            throw ApiException.notFound("result '" + operation + "'");
        }
        target(exchange, output.objectKey(), output.contentType(), output.fileName(stem), "result '" + operation + "'");
    }

    private static JobOutput completedOutput(List<?> outputs, Operation operation) {
        if (outputs == null) {
            return null;
        }
        return outputs.stream()
                .map(JobOutput.class::cast)
                .filter(o -> operation.id().equals(o.operation()) && o.completed())
                .findFirst()
                .orElse(null);
    }

    private static void target(Exchange exchange, String key, String contentType, String fileName, String what) {
        if (key == null) {
            throw ApiException.notFound(what);
        }
        Message in = exchange.getIn();
        exchange.setProperty(PixHeaders.DOWNLOAD, what);
        in.setHeader(AWS2S3Constants.KEY, key);
        in.setHeader(Exchange.CONTENT_TYPE, contentType);
        in.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
