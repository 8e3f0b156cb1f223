package io.pixtools.processors.options;

/**
 * Parameters of a format conversion, validated and with defaults filled in. Fields a format does not use keep
 * their defaults: {@code compression} and {@code palette} only matter for PNG, {@code lossless} and
 * {@code effort} for WebP and AVIF, {@code progressive} for JPEG.
 */
public record ConvertOptions(
        Operation operation,
        int quality,
        boolean lossless,
        int effort,
        int compression,
        boolean progressive,
        boolean palette,
        boolean strip,
        ResizeOptions resize) implements OperationOptions {

    public ConvertOptions {
        if (!operation.isConversion()) {
            throw new IllegalArgumentException(operation + " is not a conversion");
        }
    }
}
