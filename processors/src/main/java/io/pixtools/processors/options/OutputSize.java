package io.pixtools.processors.options;

/**
 * The size of the image a resize produces from a source of a given size, as libvips' thumbnail computes it. A
 * resize only enlarges with {@code enlarge}, so without it the output is never larger than the source.
 */
public record OutputSize(long width, long height) {

    public long pixels() {
        return width * height;
    }

    /** The output of {@code resize} (null: none) on a {@code sourceWidth} x {@code sourceHeight} image. */
    public static OutputSize of(int sourceWidth, int sourceHeight, ResizeOptions resize) {
        if (resize == null) {
            return new OutputSize(sourceWidth, sourceHeight);
        }
        if (resize.fit() == Fit.FILL || resize.fit() == Fit.COVER) {
            long width = resize.enlarge() ? resize.width() : Math.min(resize.width(), sourceWidth);
            long height = resize.enlarge() ? resize.height() : Math.min(resize.height(), sourceHeight);
            return new OutputSize(width, height);
        }
        double scale = Math.min(
                resize.width() == null ? Double.MAX_VALUE : resize.width() / (double) sourceWidth,
                resize.height() == null ? Double.MAX_VALUE : resize.height() / (double) sourceHeight);
        if (!resize.enlarge()) {
            scale = Math.min(scale, 1.0);
        }
        return new OutputSize(
                Math.max(1, Math.round(sourceWidth * scale)), Math.max(1, Math.round(sourceHeight * scale)));
    }
}
