package io.pixtools.ml;

import io.pixtools.processors.DamagedImageException;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.convert.ConvertResult;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.Vips.Interpretation;
import io.pixtools.processors.vips.VipsException;
import io.pixtools.processors.vips.VipsImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The denoise pipeline: the same preparation as a conversion (pixel limit, EXIF orientation, resize, 8-bit sRGB or
 * grey), the model on the colour (grey is widened to RGB for the model and narrowed back; an alpha band is kept as
 * it was), then the chosen format's encoder. Pixels move between libvips and the model in native memory only.
 */
public final class DenoiseOperation {

    private final Vips vips;
    private final ConvertOperation convert;
    private final TiledDenoiser denoiser;

    public DenoiseOperation(Vips vips, ConvertOperation convert, TiledDenoiser denoiser) {
        this.vips = vips;
        this.convert = convert;
        this.denoiser = denoiser;
    }

    public ConvertResult denoise(Path source, DenoiseOptions options, Path target) {
        vips.clearErrors();
        try (VipsImage prepared = convert.prepare(
                        source, options.output().resize(), options.output().failOn());
                VipsImage result =
                        denoised(prepared, options.strength(), options.output().failOn())) {
            return convert.encode(result, options.output(), target);
        } finally {
            vips.clearErrors();
        }
    }

    private VipsImage denoised(VipsImage prepared, double strength, FailOn failOn) {
        int width = prepared.width();
        int height = prepared.height();
        int bands = prepared.bands();
        MemorySegment original;
        try {
            original = vips.toMemory(prepared);
        } catch (VipsException e) {
            throw DamagedImageException.ifDamage(e, failOn);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment clean = arena.allocate(original.byteSize());
            denoiser.denoise(original, clean, width, height, bands, strength);
            return vips.fromMemory(clean, width, height, bands, bands <= 2 ? Interpretation.B_W : Interpretation.SRGB);
        } finally {
            vips.free(original);
        }
    }
}
