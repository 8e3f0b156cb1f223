package io.pixtools.processors.vips;

/**
 * How libvips runs in a server that sees each image once: a small operation cache and a thread pool bounded to
 * the cores PixTools may use. Loaders that libvips marks untrusted are blocked for hostile input.
 */
public record VipsSettings(int concurrency, int cacheMaxOperations, long cacheMaxBytes, boolean blockUntrusted) {

    public VipsSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    public static VipsSettings forServer(int concurrency) {
        return new VipsSettings(concurrency, 0, 0, true);
    }
}
