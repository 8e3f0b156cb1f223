package io.pixtools.processors.image;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.JobRequest;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Intake step: checks the uploaded file, and the outputs the request would make of it, against the limits, and
 * records what the file's header says.
 */
public final class InspectProcessor implements Processor {

    private final ImageInspector inspector;
    private final OutputLimits outputLimits;

    public InspectProcessor(ImageInspector inspector, OutputLimits outputLimits) {
        this.inspector = inspector;
        this.outputLimits = outputLimits;
    }

    @Override
    public void process(Exchange exchange) {
        Path upload = exchange.getProperty(PixHeaders.UPLOAD_FILE, Path.class);
        ImageInfo info = inspector.inspect(upload);
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        if (request != null) {
            outputLimits.check(info, request);
        }
        exchange.setProperty(PixHeaders.IMAGE_INFO, info);
    }
}
