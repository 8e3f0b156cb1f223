package io.pixtools.app.bundle;

import io.pixtools.app.bundle.BundleEntries.BundleEntry;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/**
 * The steps around one bundle entry: {@link #process} points the object store at it, {@link #toFile} saves what came
 * back as a work file named for the ZIP, and {@link #downloaded} hands that file to the ZIP once every entry is saved.
 */
@Component("bundleEntryFile")
public class BundleEntryFile implements Processor {

    @Override
    public void process(Exchange exchange) {
        BundleEntry entry = exchange.getIn().getBody(BundleEntry.class);
        exchange.setProperty(PixHeaders.BUNDLE_ENTRY, entry);
        exchange.getIn().setHeader(AWS2S3Constants.KEY, entry.objectKey());
        exchange.getIn().setHeader(Exchange.FILE_NAME, entry.entryName());
    }

    public void toFile(Exchange exchange) throws InvalidPayloadException {
        BundleEntry entry = exchange.getProperty(PixHeaders.BUNDLE_ENTRY, BundleEntry.class);
        InputStream content = exchange.getIn().getMandatoryBody(InputStream.class);
        exchange.getIn().setBody(WorkFiles.save(content, entry.file()).toFile());
    }

    public void downloaded(Exchange exchange) {
        BundleEntry entry = exchange.getIn().getBody(BundleEntry.class);
        exchange.getIn().setHeader(Exchange.FILE_NAME, entry.entryName());
        exchange.getIn().setBody(entry.file().toFile());
    }
}
