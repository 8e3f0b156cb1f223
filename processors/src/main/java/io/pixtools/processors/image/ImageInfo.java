package io.pixtools.processors.image;

/** What intake learns about an upload from its header, before any pixel is decoded. */
public record ImageInfo(ImageFormat format, int width, int height, long bytes) {

    public long pixels() {
        return (long) width * height;
    }
}
