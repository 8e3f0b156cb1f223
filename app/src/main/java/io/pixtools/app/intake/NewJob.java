package io.pixtools.app.intake;

import io.pixtools.app.storage.ObjectKeys;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.image.ImageInfo;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/**
 * Gives the upload a job id and names its object {@code jobs/{job_id}/original.{ext}}. From here on the intake has
 * something to undo if it fails ({@link PixHeaders#INTAKE_JOB}, see {@link IntakeRollback}).
 */
@Component("newJob")
public class NewJob implements Processor {

    @Override
    public void process(Exchange exchange) {
        ImageInfo info = exchange.getProperty(PixHeaders.IMAGE_INFO, ImageInfo.class);
        String jobId = UUID.randomUUID().toString();
        Message message = exchange.getIn();
        message.setHeader(PixHeaders.JOB_ID, jobId);
        message.setHeader(
                AWS2S3Constants.KEY, ObjectKeys.original(jobId, info.format().extension()));
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, info.format().mediaType());
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, info.bytes());
        exchange.setProperty(PixHeaders.INTAKE_JOB, jobId);
    }
}
