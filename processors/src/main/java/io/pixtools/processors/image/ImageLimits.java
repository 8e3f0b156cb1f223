package io.pixtools.processors.image;

import java.util.Set;

/** Limits on hostile input, checked at intake and again by each worker before decoding. */
public record ImageLimits(
        long maxUploadBytes, long maxPixels, int maxOutputDimension, Set<ImageFormat> allowedFormats) {

    public ImageLimits {
        allowedFormats = Set.copyOf(allowedFormats);
    }
}
