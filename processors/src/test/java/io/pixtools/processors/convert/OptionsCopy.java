package io.pixtools.processors.convert;

import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.ResizeOptions;
import io.pixtools.processors.vips.Vips.FailOn;

/** Options as given, but for what happens before and after encoding: strip, resize and fail_on. */
final class OptionsCopy {

    private OptionsCopy() {}

    static ConvertOptions with(ConvertOptions o, boolean strip, ResizeOptions resize, FailOn failOn) {
        return new ConvertOptions(
                o.operation(),
                o.quality(),
                o.lossless(),
                o.effort(),
                o.compression(),
                o.progressive(),
                o.palette(),
                strip,
                resize,
                failOn);
    }
}
