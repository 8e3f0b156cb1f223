package io.pixtools.app.worker;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.io.InputStream;

/** Streams the original from the object store to a local work file, which libvips then reads directly. */
@Component("sourceFile")
public class SourceFile implements Processor {

    private final WorkFiles workFiles;

    public SourceFile(WorkFiles workFiles) {
        this.workFiles = workFiles;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        InputStream content = exchange.getIn().getMandatoryBody(InputStream.class);
        exchange.setProperty(PixHeaders.SOURCE_FILE, workFiles.save(exchange, content, ".src"));
        exchange.getIn().setBody(null);
    }
}
