package io.pixtools.processors.options;

import java.util.Locale;

/** How a resize fits the image into the requested box. */
public enum Fit {
    /** Scale to fit inside the box, keeping the aspect ratio. */
    INSIDE,
    /** Scale to cover the box, keeping the aspect ratio, then crop the overflow around the centre. */
    COVER,
    /** Stretch to the box exactly, ignoring the aspect ratio. */
    FILL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
