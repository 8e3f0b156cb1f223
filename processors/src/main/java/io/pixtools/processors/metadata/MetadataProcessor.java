package io.pixtools.processors.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.OutputHeaders;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.image.ImageInfo;
import io.pixtools.processors.image.ImageInspector;
import io.pixtools.processors.options.Operation;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Worker step: reads the original's metadata; the body becomes {@code metadata.json}, also kept in a header for the job row. */
public final class MetadataProcessor implements Processor {

    private final ImageInspector inspector;
    private final MetadataReader reader;
    private final ObjectMapper json;

    public MetadataProcessor(ImageInspector inspector, MetadataReader reader, ObjectMapper json) {
        this.inspector = inspector;
        this.reader = reader;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Path source = exchange.getProperty(PixHeaders.SOURCE_FILE, Path.class);
        ImageInfo info = inspector.inspect(source);
        Map<String, Object> metadata = reader.read(source, info);
        String text = json.writeValueAsString(metadata);
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
        OutputHeaders.set(
                exchange.getMessage(),
                Operation.METADATA.contentType(),
                Operation.METADATA.extension(),
                bytes.length,
                null,
                null);
        exchange.getMessage().setHeader(PixHeaders.METADATA_JSON, text);
        exchange.getMessage().setBody(bytes);
    }
}
