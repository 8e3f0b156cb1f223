package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.testing.TestImages;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The input photo of the benchmarks, written at the size a benchmark asks for. {@code -Dbench.photo} names a photo
 * (resized to the size) or a directory: a mosaic of real photos, each resized down to its cell, which keeps the detail
 * of a camera original. Up to 12 MP the mosaic is 2x2, of the first four JPEGs by name that are at least as large as a
 * cell; a larger image takes a finer grid (4x4 for 50 MP from 2560x1600 wallpapers), the photos repeating. Without
 * it, the test suite's small camera photo is resized up; that is smoother than a real photo, so encoders run faster on
 * it.
 */
final class BenchPhoto {

    private static final int MAX_GRID = 8;

    private BenchPhoto() {}

    static void write(Vips vips, int width, int height, Path target, String saveOptions) throws IOException {
        String configured = System.getProperty("bench.photo");
        write(
                vips,
                configured != null ? Path.of(configured) : TestImages.fixture("camera.jpg"),
                width,
                height,
                target,
                saveOptions);
    }

    /** {@code source} resized to {@code width x height}, or a mosaic of the photos in it when it is a directory. */
    static void write(Vips vips, Path source, int width, int height, Path target, String saveOptions)
            throws IOException {
        if (Files.isDirectory(source)) {
            mosaic(vips, source, width, height, target, saveOptions);
            return;
        }
        try (VipsImage image = vips.thumbnail(source, width, height, Vips.Size.FORCE, Vips.Crop.NONE)) {
            vips.write(image, target, saveOptions);
        }
    }

    /** A mosaic of exactly {@code width x height} pixels of the JPEGs in {@code dir}; no pixel is enlarged. */
    static void mosaic(Vips vips, Path dir, int width, int height, Path target, String saveOptions) throws IOException {
        for (int grid = 2; grid <= MAX_GRID; grid++) {
            List<Path> photos = photosIn(vips, dir, ceilDiv(width, grid), ceilDiv(height, grid));
            if (photos.size() >= Math.min(4, grid * grid)) {
                writeMosaic(
                        vips,
                        photos.subList(0, Math.min(photos.size(), grid * grid)),
                        grid,
                        width,
                        height,
                        target,
                        saveOptions);
                return;
            }
        }
        throw new IllegalArgumentException(dir + " has too few .jpg photos for a " + width + "x" + height
                + " mosaic (four at least as large as a cell of a grid up to " + MAX_GRID + "x" + MAX_GRID + ")");
    }

    private static List<Path> photosIn(Vips vips, Path dir, int minWidth, int minHeight) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase().endsWith(".jpg"))
                    .sorted()
                    .filter(f -> {
                        try (VipsImage image = vips.open(f)) {
                            return image.width() >= minWidth && image.height() >= minHeight;
                        }
                    })
                    .toList();
        }
    }

    private static void writeMosaic(
            Vips vips, List<Path> photos, int grid, int width, int height, Path target, String saveOptions) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mosaic = arena.allocate((long) width * height * 3);
            for (int row = 0; row < grid; row++) {
                for (int column = 0; column < grid; column++) {
                    Cell cell = new Cell(
                            column * width / grid,
                            row * height / grid,
                            (column + 1) * width / grid - column * width / grid,
                            (row + 1) * height / grid - row * height / grid);
                    copyCell(vips, photos.get((row * grid + column) % photos.size()), cell, width, mosaic);
                }
            }
            try (VipsImage image = vips.fromMemory(mosaic, width, height, 3, Vips.Interpretation.SRGB)) {
                vips.write(image, target, saveOptions);
            }
        }
    }

    /** Copies the photo, cropped around its centre to the cell's aspect ratio and resized down, into its cell. */
    private static void copyCell(Vips vips, Path photo, Cell cell, int mosaicWidth, MemorySegment mosaic) {
        try (VipsImage thumbnail = vips.thumbnail(photo, cell.width, cell.height, Vips.Size.DOWN, Vips.Crop.CENTRE);
                VipsImage rgb = vips.colourspace(thumbnail, Vips.Interpretation.SRGB)) {
            MemorySegment pixels = vips.toMemory(rgb);
            try {
                if (pixels.byteSize() != (long) cell.width * cell.height * 3) {
                    throw new IllegalArgumentException(
                            photo + " did not give " + cell.width + "x" + cell.height + " RGB pixels");
                }
                long rowBytes = (long) cell.width * 3;
                for (int y = 0; y < cell.height; y++) {
                    long to = ((long) (cell.y + y) * mosaicWidth + cell.x) * 3;
                    MemorySegment.copy(pixels, y * rowBytes, mosaic, to, rowBytes);
                }
            } finally {
                vips.free(pixels);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private record Cell(int x, int y, int width, int height) {}
}
