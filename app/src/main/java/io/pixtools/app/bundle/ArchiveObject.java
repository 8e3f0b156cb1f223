package io.pixtools.app.bundle;

import io.pixtools.app.storage.ObjectKeys;
import io.pixtools.processors.PixHeaders;
import java.io.File;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/** Names the finished ZIP {@code jobs/{job_id}/bundle.zip} for the object store and the job record. */
@Component("archiveObject")
public class ArchiveObject implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getIn();
        File zip = message.getBody(File.class);
        String key = ObjectKeys.archive(message.getHeader(PixHeaders.JOB_ID, String.class));
        message.setHeader(AWS2S3Constants.KEY, key);
        message.setHeader(AWS2S3Constants.CONTENT_TYPE, "application/zip");
        message.setHeader(AWS2S3Constants.CONTENT_LENGTH, zip.length());
        exchange.setProperty(PixHeaders.ARCHIVE_KEY, key);
        message.setBody(zip);
    }
}
