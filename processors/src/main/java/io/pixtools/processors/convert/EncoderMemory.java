package io.pixtools.processors.convert;

import io.pixtools.processors.options.Operation;
import java.util.concurrent.Semaphore;

/**
 * Bounds the memory that encoders hold at once across a process's workers. Some encoders keep a whole image: WebP its
 * ARGB picture, AVIF its planes and the AV1 encoder's state, JPEG its coefficients for the optimized Huffman tables,
 * while PNG streams rows. Two of those on one 50 MP photo at the same time would hold 400 MB. An encode reserves its
 * estimate before it starts and waits while other encodes leave too little room; one larger than the whole budget
 * waits for the others to finish and then runs alone. Reservations are served in order, so a large one is not starved.
 */
public final class EncoderMemory {

    private static final long MB = 1 << 20;

    private final Semaphore megabytes;
    private final int total;

    /** {@code budget} bytes for all encodes together; 0 or less: no bound. */
    public EncoderMemory(long budget) {
        this.total = budget <= 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget / MB));
        this.megabytes = new Semaphore(total, true);
    }

    public static EncoderMemory unbounded() {
        return new EncoderMemory(0);
    }

    /**
     * What an encoder to {@code format} holds for a {@code width} x {@code height} image, measured with libvips 8.14
     * on a 50 MP photo: JPEG with optimized Huffman coding 3 bytes per pixel, WebP 4.6, AVIF about 19, PNG only rows.
     */
    public static long estimate(Operation format, int width, int height) {
        long pixels = (long) width * height;
        return switch (format) {
            case JPG -> 3 * pixels;
            case WEBP -> 5 * pixels;
            case AVIF -> 20 * pixels;
            case PNG, METADATA, DENOISE -> 0;
        };
    }

    /** Waits until {@code bytes} fit beside the other encodes (all of the budget when larger), and holds them. */
    public Reservation reserve(long bytes) {
        int wanted = total == 0 || bytes <= 0 ? 0 : (int) Math.min(total, (bytes + MB - 1) / MB);
        if (wanted > 0) {
            megabytes.acquireUninterruptibly(wanted);
        }
        return () -> {
            if (wanted > 0) {
                megabytes.release(wanted);
            }
        };
    }

    /** Megabytes not reserved right now. */
    public int availableMegabytes() {
        return megabytes.availablePermits();
    }

    /** A reservation, given back when closed. */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
