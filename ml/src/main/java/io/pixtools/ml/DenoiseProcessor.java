package io.pixtools.ml;

import io.pixtools.processors.OutputHeaders;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import io.pixtools.processors.convert.ConvertResult;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.task.OperationTask;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Worker-ml step: denoises the downloaded original with its task's typed options; the body becomes the output file. */
public final class DenoiseProcessor implements Processor {

    private final DenoiseOperation operation;
    private final WorkFiles workFiles;

    public DenoiseProcessor(DenoiseOperation operation, WorkFiles workFiles) {
        this.operation = operation;
        this.workFiles = workFiles;
    }

    @Override
    public void process(Exchange exchange) {
        OperationTask task = exchange.getProperty(PixHeaders.TASK, OperationTask.class);
        Path source = exchange.getProperty(PixHeaders.SOURCE_FILE, Path.class);
        DenoiseOptions options = task.options(DenoiseOptions.class);
        String extension = options.output().operation().extension();
        ConvertResult result = operation.denoise(source, options, workFiles.create(exchange, "." + extension));
        OutputHeaders.set(
                exchange.getMessage(),
                result.contentType(),
                extension,
                result.bytes(),
                result.width(),
                result.height());
        exchange.getMessage().setBody(result.file());
    }
}
