package io.pixtools.processors.image;

import io.pixtools.processors.ImageTooLargeException;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.MetadataOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationOptions;
import io.pixtools.processors.options.OutputSize;
import io.pixtools.processors.options.ResizeOptions;
import java.util.List;
import java.util.Locale;

/**
 * The pixel limit bounds every output, not only the upload: a resize with {@code enlarge} could otherwise turn a
 * 1x1 PNG into a 16384x16384 image. Checked at intake from the header, and again by the worker before decoding.
 */
public final class OutputLimits {

    private final long maxPixels;
    private final int maxDimension;

    public OutputLimits(long maxPixels, int maxDimension) {
        this.maxPixels = maxPixels;
        this.maxDimension = maxDimension;
    }

    /** Every operation of the request, on the uploaded image. */
    public void check(ImageInfo source, JobRequest request) {
        request.options().forEach((operation, options) -> {
            ResizeOptions resize = resize(options);
            Operation format = format(options);
            String field = "operation_params." + operation.id() + ".resize";
            // EXIF orientation may turn the image before it is resized; the header does not say, so both count.
            for (OutputSize output : List.of(
                    OutputSize.of(source.width(), source.height(), resize),
                    OutputSize.of(source.height(), source.width(), resize))) {
                if (resize != null) {
                    fitsLimits(output, field);
                }
                if (format != null) {
                    fitsFormat(format, output, field);
                }
            }
        });
    }

    /** JPEG and WebP cap each side (65,500 and 16,383 pixels), whatever the pixel limit allows. */
    private static void fitsFormat(Operation format, OutputSize output, String field) {
        int largestSide = switch (format) {
            case JPG -> 65_500;
            case WEBP -> 16_383;
            default -> Integer.MAX_VALUE;
        };
        if (output.width() > largestSide || output.height() > largestSide) {
            throw new ImageTooLargeException(
                    field,
                    "the output would be " + output.width() + "x" + output.height() + " pixels; "
                            + format.id() + " holds at most " + largestSide
                            + " pixels on a side: resize it or choose another format");
        }
    }

    private static Operation format(OperationOptions options) {
        return switch (options) {
            case ConvertOptions convert -> convert.operation();
            case DenoiseOptions denoise -> denoise.output().operation();
            case MetadataOptions metadata -> null;
        };
    }

    /** One resize of an image that is {@code width} x {@code height} pixels as it will be resized. */
    public void check(int width, int height, ResizeOptions resize, String field) {
        fitsLimits(OutputSize.of(width, height, resize), field);
    }

    private void fitsLimits(OutputSize output, String field) {
        if (output.width() > maxDimension || output.height() > maxDimension) {
            throw new ImageTooLargeException(
                    field,
                    "the output would be " + output.width() + "x" + output.height()
                            + " pixels; the largest side allowed is " + maxDimension);
        }
        if (output.pixels() > maxPixels) {
            throw new ImageTooLargeException(
                    field,
                    "the output would be " + output.width() + "x" + output.height() + " pixels ("
                            + megapixels(output.pixels()) + " MP); the limit is " + megapixels(maxPixels) + " MP");
        }
    }

    private static ResizeOptions resize(OperationOptions options) {
        return switch (options) {
            case ConvertOptions convert -> convert.resize();
            case DenoiseOptions denoise -> denoise.output().resize();
            case MetadataOptions metadata -> null;
        };
    }

    static String megapixels(long pixels) {
        return String.format(Locale.ROOT, "%.1f", pixels / 1_000_000.0);
    }
}
