package io.pixtools.processors.image;

import io.pixtools.processors.ImageTooLargeException;
import io.pixtools.processors.UndecodableImageException;
import io.pixtools.processors.UnsupportedFormatException;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.VipsException;
import io.pixtools.processors.vips.VipsImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks an image against the limits from its bytes and header only: size, format by magic bytes, then width and
 * height as libvips reads them from the header. Decompression bombs stop here, before any pixel is decoded.
 */
public final class ImageInspector {

    private static final String FIELD = "file";

    private final Vips vips;
    private final ImageLimits limits;

    public ImageInspector(Vips vips, ImageLimits limits) {
        this.vips = vips;
        this.limits = limits;
    }

    public ImageInfo inspect(Path file) {
        long bytes = size(file);
        if (bytes == 0) {
            throw new UnsupportedFormatException(FIELD, "the file is empty");
        }
        if (bytes > limits.maxUploadBytes()) {
            throw new ImageTooLargeException(
                    FIELD, "the file is " + bytes + " bytes; the limit is " + limits.maxUploadBytes() + " bytes");
        }
        ImageFormat format = format(file);
        checkStructure(file, format);
        vips.clearErrors();
        try (VipsImage header = vips.load(file, format.loader(), FailOn.NONE)) {
            int width = header.width();
            int height = header.height();
            long pixels = (long) width * height;
            if (pixels > limits.maxPixels()) {
                throw new ImageTooLargeException(
                        FIELD,
                        "the image is " + width + "x" + height + " pixels (" + megapixels(pixels)
                                + " MP); the limit is " + megapixels(limits.maxPixels()) + " MP");
            }
            return new ImageInfo(format, width, height, bytes);
        } catch (VipsException e) {
            throw new UndecodableImageException(
                    FIELD, "the file looks like " + format.id() + " but cannot be read as an image", e);
        }
    }

    /** Lengths in the file's structure that a decoder would trust must fit the file. */
    private static void checkStructure(Path file, ImageFormat format) {
        if (format != ImageFormat.PNG) {
            return;
        }
        try {
            String problem = PngChunks.problem(file);
            if (problem != null) {
                throw new UndecodableImageException(FIELD, "the file looks like png but is damaged: " + problem, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImageFormat format(Path file) {
        byte[] head = ImageFormat.head(file);
        Optional<ImageFormat> detected = ImageFormat.detect(head);
        if (detected.isEmpty() || !limits.allowedFormats().contains(detected.get())) {
            String found = detected.map(ImageFormat::id).orElseGet(() -> ImageFormat.describeUnsupported(head));
            throw new UnsupportedFormatException(
                    FIELD, "unsupported image format (detected: " + found + "); allowed: " + allowed());
        }
        return detected.get();
    }

    private String allowed() {
        return limits.allowedFormats().stream().map(ImageFormat::id).sorted().collect(Collectors.joining(", "));
    }

    private static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1_000_000.0);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
