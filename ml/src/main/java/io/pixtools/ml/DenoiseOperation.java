package io.pixtools.ml;

import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.convert.ConvertResult;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.Vips.Interpretation;
import io.pixtools.processors.vips.VipsImage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The denoise pipeline: the same preparation as a conversion (pixel limit, EXIF orientation, resize, 8-bit sRGB or
 * grey), the model on the colour (grey is widened to RGB for the model and narrowed back; an alpha band is kept as
 * it was), then the chosen format's encoder. Pixels move between libvips and the model in native memory only.
 */
public final class DenoiseOperation {

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final Vips vips;
    private final ConvertOperation convert;
    private final TiledDenoiser denoiser;

    public DenoiseOperation(Vips vips, ConvertOperation convert, TiledDenoiser denoiser) {
        this.vips = vips;
        this.convert = convert;
        this.denoiser = denoiser;
    }

    public ConvertResult denoise(Path source, DenoiseOptions options, Path target) {
        try (VipsImage prepared = convert.prepare(source, options.output().resize());
             VipsImage result = denoised(prepared, options.strength())) {
            return convert.encode(result, options.output(), target);
        }
    }

    private VipsImage denoised(VipsImage prepared, double strength) {
        int width = prepared.width();
        int height = prepared.height();
        int bands = prepared.bands();
        boolean grey = bands <= 2;
        long pixels = (long) width * height;
        MemorySegment original = vips.toMemory(prepared);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rgb = arena.allocate(pixels * 3);
            MemorySegment clean = arena.allocate(pixels * 3);
            for (long p = 0; p < pixels; p++) {
                for (int c = 0; c < 3; c++) {
                    rgb.set(BYTE, p * 3 + c, original.get(BYTE, p * bands + (grey ? 0 : c)));
                }
            }
            denoiser.denoise(rgb, clean, width, height, strength);
            for (long p = 0; p < pixels; p++) {
                if (grey) {
                    int sum = (clean.get(BYTE, p * 3) & 0xFF) + (clean.get(BYTE, p * 3 + 1) & 0xFF) + (clean.get(BYTE, p * 3 + 2) & 0xFF);
                    original.set(BYTE, p * bands, (byte) Math.round(sum / 3f));
                } else {
                    for (int c = 0; c < 3; c++) {
                        original.set(BYTE, p * bands + c, clean.get(BYTE, p * 3 + c));
                    }
                }
            }
            return vips.fromMemory(original, width, height, bands, grey ? Interpretation.B_W : Interpretation.SRGB);
        } finally {
            vips.free(original);
        }
    }
}
