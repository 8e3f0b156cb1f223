package io.pixtools.app.bundle;

import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.storage.ObjectKeys;
import io.pixtools.processors.PixHeaders;
import java.io.File;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/**
 * A job's ZIP, {@code jobs/{job_id}/bundle.zip}: {@link #name} gives a finishing job with any completed output its
 * key for the job record; {@link #process} points the object store at a ZIP built on its first download.
 */
@Component("archiveObject")
public class ArchiveObject implements Processor {

    public void name(Exchange exchange) {
        List<?> outputs = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        boolean anyCompleted =
                outputs != null && outputs.stream().map(JobOutput.class::cast).anyMatch(JobOutput::completed);
        if (anyCompleted) {
            exchange.setProperty(PixHeaders.ARCHIVE_KEY, key(exchange));
        }
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getIn();
        File zip = message.getBody(File.class);
        message.setHeader(AWS2S3Constants.KEY, key(exchange));
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, "application/zip");
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, zip.length());
        message.setBody(zip);
    }

    private static String key(Exchange exchange) {
        return ObjectKeys.archive(exchange.getIn().getHeader(PixHeaders.JOB_ID, String.class));
    }
}
