package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.testing.TestImages;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The input photo of the benchmarks, written at the size a benchmark asks for. {@code -Dbench.photo} names a photo
 * (resized to the size) or a directory: a 2x2 mosaic of the first four JPEGs by name that are at least a quarter
 * of the size, each resized down to it, which keeps the detail of a camera original. Without it, the test suite's small camera photo
 * is resized up; that is smoother than a real photo, so encoders run faster on it.
 */
final class BenchPhoto {

    private BenchPhoto() {}

    static void write(Vips vips, int width, int height, Path target, String saveOptions)
            throws IOException, URISyntaxException {
        String configured = System.getProperty("bench.photo");
        Path source = configured != null ? Path.of(configured) : TestImages.fixture("camera.jpg");
        if (Files.isDirectory(source)) {
            writeMosaic(vips, photosIn(vips, source, width / 2, height / 2), width, height, target, saveOptions);
            return;
        }
        try (VipsImage image = vips.thumbnail(source, width, height, Vips.Size.FORCE, Vips.Crop.NONE)) {
            vips.write(image, target, saveOptions);
        }
    }

    private static List<Path> photosIn(Vips vips, Path dir, int minWidth, int minHeight) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> photos = files.filter(
                            f -> f.getFileName().toString().toLowerCase().endsWith(".jpg"))
                    .sorted()
                    .filter(f -> {
                        try (VipsImage image = vips.open(f)) {
                            return image.width() >= minWidth && image.height() >= minHeight;
                        }
                    })
                    .limit(4)
                    .toList();
            if (photos.size() < 4) {
                throw new IllegalArgumentException(dir + " has fewer than four .jpg photos of at least " + minWidth
                        + "x" + minHeight + " for a mosaic");
            }
            return photos;
        }
    }

    private static void writeMosaic(
            Vips vips, List<Path> photos, int width, int height, Path target, String saveOptions) {
        int cellWidth = width / 2;
        int cellHeight = height / 2;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mosaic = arena.allocate((long) cellWidth * 2 * cellHeight * 2 * 3);
            for (int i = 0; i < 4; i++) {
                copyCell(vips, photos.get(i), i, cellWidth, cellHeight, mosaic);
            }
            try (VipsImage image =
                    vips.fromMemory(mosaic, cellWidth * 2, cellHeight * 2, 3, Vips.Interpretation.SRGB)) {
                vips.write(image, target, saveOptions);
            }
        }
    }

    /** Copies photo number {@code i} (0 to 3, row by row) into its quarter of the mosaic. */
    private static void copyCell(Vips vips, Path photo, int i, int cellWidth, int cellHeight, MemorySegment mosaic) {
        try (VipsImage thumbnail = vips.thumbnail(photo, cellWidth, cellHeight, Vips.Size.DOWN, Vips.Crop.CENTRE);
                VipsImage cell = vips.colourspace(thumbnail, Vips.Interpretation.SRGB)) {
            MemorySegment pixels = vips.toMemory(cell);
            try {
                if (pixels.byteSize() != (long) cellWidth * cellHeight * 3) {
                    throw new IllegalArgumentException(
                            photo + " did not give " + cellWidth + "x" + cellHeight + " RGB pixels");
                }
                long rowBytes = (long) cellWidth * 3;
                for (int y = 0; y < cellHeight; y++) {
                    long to = ((long) (i / 2 * cellHeight + y) * cellWidth * 2 + (long) (i % 2) * cellWidth) * 3;
                    MemorySegment.copy(pixels, y * rowBytes, mosaic, to, rowBytes);
                }
            } finally {
                vips.free(pixels);
            }
        }
    }
}
