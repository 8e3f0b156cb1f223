package io.pixtools.processors.options;

import io.pixtools.processors.vips.Vips.FailOn;

/**
 * Parameters of a format conversion, validated and with defaults filled in. Fields a format does not use keep
 * their defaults: {@code compression} and {@code palette} only matter for PNG, {@code lossless} and
 * {@code effort} for WebP and AVIF, {@code progressive} for JPEG. {@code failOn} is how much damage in the source
 * fails the decode ({@code warning} by default: a corrupt or truncated file fails instead of being grey-filled).
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
        ResizeOptions resize,
        FailOn failOn)
        implements OperationOptions {

    public static final FailOn DEFAULT_FAIL_ON = FailOn.WARNING;

    public ConvertOptions {
        if (!operation.isConversion()) {
            throw new IllegalArgumentException(operation + " is not a conversion");
        }
    }

    public ConvertOptions(
            Operation operation,
            int quality,
            boolean lossless,
            int effort,
            int compression,
            boolean progressive,
            boolean palette,
            boolean strip,
            ResizeOptions resize) {
        this(operation, quality, lossless, effort, compression, progressive, palette, strip, resize, DEFAULT_FAIL_ON);
    }
}
