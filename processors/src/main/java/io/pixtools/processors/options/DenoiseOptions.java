package io.pixtools.processors.options;

/**
 * Parameters of the denoise operation: how much of the model's correction to apply ({@code strength}, 0 to 1) and
 * how to write the result: {@code output} holds the format, its quality, the resize (applied before denoising)
 * and whether metadata is stripped.
 */
public record DenoiseOptions(double strength, ConvertOptions output) implements OperationOptions {

    @Override
    public Operation operation() {
        return Operation.DENOISE;
    }
}
