package io.pixtools.processors.vips;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/** A libvips image handle. Close it to release the native image; pixels never enter the Java heap. */
public final class VipsImage implements AutoCloseable {

    private final Vips vips;
    private final MemorySegment handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    VipsImage(Vips vips, MemorySegment handle) {
        this.vips = vips;
        this.handle = handle;
    }

    MemorySegment handle() {
        if (closed.get()) {
            throw new IllegalStateException("image already released");
        }
        return handle;
    }

    public int width() {
        return vips.width(handle());
    }

    public int height() {
        return vips.height(handle());
    }

    public int bands() {
        return vips.bands(handle());
    }

    /** Whether the pixels are packed (LABQ, Radiance) rather than plain samples. */
    public boolean coded() {
        return vips.coded(handle());
    }

    /** The EXIF orientation, 1 (upright) to 8; 1 when the file has none. */
    public int orientation() {
        return vips.orientation(handle());
    }

    public boolean hasAlpha() {
        return vips.hasAlpha(handle());
    }

    public Vips.Interpretation interpretation() {
        return Vips.Interpretation.of(vips.interpretation(handle()));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            vips.unref(handle);
        }
    }
}
