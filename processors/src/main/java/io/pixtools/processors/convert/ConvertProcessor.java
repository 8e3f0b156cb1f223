package io.pixtools.processors.convert;

import io.pixtools.processors.OutputHeaders;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.task.OperationTask;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Worker step: converts the downloaded original (or its decode, {@link DecodeOnce}) with its task's typed options;
 * the body becomes the output file.
 */
public final class ConvertProcessor implements Processor {

    private final ConvertOperation operation;
    private final WorkFiles workFiles;

    public ConvertProcessor(ConvertOperation operation, WorkFiles workFiles) {
        this.operation = operation;
        this.workFiles = workFiles;
    }

    @Override
    public void process(Exchange exchange) {
        OperationTask task = exchange.getProperty(PixHeaders.TASK, OperationTask.class);
        Path source = exchange.getProperty(PixHeaders.SOURCE_FILE, Path.class);
        ConvertOptions options = task.options(ConvertOptions.class);
        Operation format = options.operation();
        Path target = workFiles.create(exchange, "." + format.extension());
        ConvertResult result = DecodeOnce.of(exchange, options)
                .map(decoded -> operation.convert(decoded, options, target))
                .orElseGet(() -> operation.convert(source, options, target));
        OutputHeaders.set(
                exchange.getMessage(),
                result.contentType(),
                format.extension(),
                result.bytes(),
                result.width(),
                result.height());
        exchange.getMessage().setBody(result.file());
    }
}
