package io.pixtools.ml;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;

/**
 * Denoises an image of any size in bounded memory: square tiles, each read with a margin of context at least half
 * the model's receptive field, so that the inner part of every tile is what a whole-image pass would give. Pixels
 * are 8-bit interleaved RGB in native memory, in and out.
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
     * Writes the denoised image to {@code out}. {@code strength} blends: 0 keeps the input, 1 takes the model's
     * output as it is.
     */
    public void denoise(MemorySegment in, MemorySegment out, int width, int height, double strength) {
        long expected = (long) width * height * 3;
        if (in.byteSize() < expected || out.byteSize() < expected) {
            throw new IllegalArgumentException("buffers smaller than " + width + "x" + height + "x3");
        }
        int span = tile + 2 * margin;
        FloatBuffer input = DenoiseModel.buffer(3 * span * span);
        FloatBuffer output = DenoiseModel.buffer(3 * span * span);
        for (int y0 = 0; y0 < height; y0 += tile) {
            for (int x0 = 0; x0 < width; x0 += tile) {
                denoiseTile(in, out, width, height, x0, y0, Math.min(x0 + tile, width), Math.min(y0 + tile, height), strength, input, output);
            }
        }
    }

    private void denoiseTile(MemorySegment in, MemorySegment out, int width, int height,
                             int x0, int y0, int x1, int y1, double strength, FloatBuffer buffer, FloatBuffer result) {
        int ex0 = Math.max(0, x0 - margin);
        int ey0 = Math.max(0, y0 - margin);
        int ex1 = Math.min(width, x1 + margin);
        int ey1 = Math.min(height, y1 + margin);
        int tw = ex1 - ex0;
        int th = ey1 - ey0;
        int plane = tw * th;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < th; y++) {
                long row = ((long) (ey0 + y) * width + ex0) * 3 + c;
                for (int x = 0; x < tw; x++) {
                    buffer.put(c * plane + y * tw + x, (in.get(BYTE, row + 3L * x) & 0xFF) / 255f);
                }
            }
        }
        model.run(buffer, result, th, tw);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                long at = ((long) y * width + x) * 3;
                int local = (y - ey0) * tw + (x - ex0);
                for (int c = 0; c < 3; c++) {
                    int original = in.get(BYTE, at + c) & 0xFF;
                    double denoised = result.get(c * plane + local) * 255.0;
                    long value = Math.round(original + strength * (denoised - original));
                    out.set(BYTE, at + c, (byte) Math.max(0, Math.min(255, value)));
                }
            }
        }
    }
}
