package io.pixtools.app.worker;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import java.io.File;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Gives the worker the original as a local file for libvips: the stored file itself when the object store is the
 * local one (it is only read), otherwise a work file the S3 object is streamed to.
 */
@Component("sourceFile")
public class SourceFile implements Processor {

    private final WorkFiles workFiles;

    public SourceFile(WorkFiles workFiles) {
        this.workFiles = workFiles;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        if (exchange.getIn().getBody() instanceof File stored) {
            exchange.setProperty(PixHeaders.SOURCE_FILE, stored.toPath());
        } else {
            InputStream content = exchange.getIn().getMandatoryBody(InputStream.class);
            exchange.setProperty(PixHeaders.SOURCE_FILE, workFiles.save(exchange, content, ".src"));
        }
        exchange.getIn().setBody(null);
    }
}
