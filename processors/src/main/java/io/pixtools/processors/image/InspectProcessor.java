package io.pixtools.processors.image;

import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.file.Path;

/** Intake step: checks the uploaded file against the limits and records what its header says. */
public final class InspectProcessor implements Processor {

    private final ImageInspector inspector;

    public InspectProcessor(ImageInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public void process(Exchange exchange) {
        Path upload = exchange.getProperty(PixHeaders.UPLOAD_FILE, Path.class);
        exchange.setProperty(PixHeaders.IMAGE_INFO, inspector.inspect(upload));
    }
}
