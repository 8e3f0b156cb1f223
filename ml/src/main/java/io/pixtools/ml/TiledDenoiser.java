package io.pixtools.ml;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;

/**
 * Denoises an image of any size in bounded memory: square tiles, each read with a margin of context at least half
 * the model's receptive field, so that the inner part of every tile is what a whole-image pass would give. Pixels
 * are 8-bit and interleaved in native memory, in and out: grey (1 band) or RGB (3), each optionally with alpha.
 * Grey is fed to the model as three equal channels and their mean is kept; alpha is copied as it is.
 */
public final class TiledDenoiser {

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final DenoiseModel model;
    private final int tile;
    private final int margin;

    public TiledDenoiser(DenoiseModel model, int tile) {
        if (tile < 16) {
            throw new IllegalArgumentException("tile size must be at least 16");
        }
        this.model = model;
        this.tile = tile;
        this.margin = model.contract().margin();
    }

    /**
     * Writes the denoised image to {@code out}, which has the shape of {@code in}. {@code strength} blends: 0 keeps
     * the input, 1 takes the model's output as it is.
     */
    public void denoise(MemorySegment in, MemorySegment out, int width, int height, int bands, double strength) {
        if (bands < 1 || bands > 4) {
            throw new IllegalArgumentException("expected 1 to 4 bands, not " + bands);
        }
        long expected = (long) width * height * bands;
        if (in.byteSize() < expected || out.byteSize() < expected) {
            throw new IllegalArgumentException("buffers smaller than " + width + "x" + height + "x" + bands);
        }
        Layout layout = new Layout(width, height, bands);
        int span = tile + 2 * margin;
        FloatBuffer input = DenoiseModel.buffer(3 * span * span);
        FloatBuffer output = DenoiseModel.buffer(3 * span * span);
        for (int y0 = 0; y0 < height; y0 += tile) {
            for (int x0 = 0; x0 < width; x0 += tile) {
                denoiseTile(
                        in,
                        out,
                        layout,
                        x0,
                        y0,
                        Math.min(x0 + tile, width),
                        Math.min(y0 + tile, height),
                        strength,
                        input,
                        output);
            }
        }
    }

    /** Where a pixel's bands are: {@code colours} is 1 (grey) or 3 (RGB); bands beyond it are alpha. */
    private record Layout(int width, int height, int bands) {

        int colours() {
            return bands <= 2 ? 1 : 3;
        }

        long offset(int x, int y) {
            return ((long) y * width + x) * bands;
        }
    }

    private void denoiseTile(
            MemorySegment in,
            MemorySegment out,
            Layout layout,
            int x0,
            int y0,
            int x1,
            int y1,
            double strength,
            FloatBuffer buffer,
            FloatBuffer result) {
        int width = layout.width();
        int height = layout.height();
        int colours = layout.colours();
        int ex0 = Math.max(0, x0 - margin);
        int ey0 = Math.max(0, y0 - margin);
        int ex1 = Math.min(width, x1 + margin);
        int ey1 = Math.min(height, y1 + margin);
        int tw = ex1 - ex0;
        int th = ey1 - ey0;
        int plane = tw * th;
        int bands = layout.bands();
        for (int c = 0; c < 3; c++) {
            int band = colours == 1 ? 0 : c;
            for (int y = 0; y < th; y++) {
                long row = layout.offset(ex0, ey0 + y) + band;
                for (int x = 0; x < tw; x++) {
                    buffer.put(c * plane + y * tw + x, (in.get(BYTE, row + (long) bands * x) & 0xFF) / 255f);
                }
            }
        }
        model.run(buffer, result, th, tw);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                long at = layout.offset(x, y);
                int local = (y - ey0) * tw + (x - ex0);
                if (colours == 1) {
                    double mean = (denoised(result, local)
                                    + denoised(result, plane + local)
                                    + denoised(result, 2 * plane + local))
                            / 3;
                    out.set(BYTE, at, blend(in.get(BYTE, at), mean, strength));
                } else {
                    for (int c = 0; c < 3; c++) {
                        out.set(
                                BYTE,
                                at + c,
                                blend(in.get(BYTE, at + c), denoised(result, c * plane + local), strength));
                    }
                }
                for (int b = colours; b < bands; b++) {
                    out.set(BYTE, at + b, in.get(BYTE, at + b));
                }
            }
        }
    }

    /** The model's value at {@code index}, clamped to [0, 1] as its contract asks, on the 0-255 scale. */
    private static double denoised(FloatBuffer result, int index) {
        return Math.clamp(result.get(index), 0f, 1f) * 255.0;
    }

    private static byte blend(byte original, double denoised, double strength) {
        int value = original & 0xFF;
        return (byte) Math.clamp(Math.round(value + strength * (denoised - value)), 0, 255);
    }
}
