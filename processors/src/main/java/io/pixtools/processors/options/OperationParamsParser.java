package io.pixtools.processors.options;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.vips.Vips.FailOn;

/**
 * Turns one operation's JSON parameters into validated, typed options with defaults. The same parser runs at
 * intake (to refuse bad requests with a 422) and in the workers (to read what intake accepted).
 */
public final class OperationParamsParser {

    /** libvips' AVIF effort 3 is about 2-3x faster than its default 4 for nearly the same size (see README). */
    public static final int AVIF_DEFAULT_EFFORT = 3;

    private final int maxDimension;

    public OperationParamsParser(int maxDimension) {
        this.maxDimension = maxDimension;
    }

    public OperationOptions parse(Operation operation, JsonNode params) {
        ParamReader reader = new ParamReader(params, "operation_params." + operation.id());
        OperationOptions options = switch (operation) {
            case METADATA -> new MetadataOptions();
            case JPG -> new ConvertOptions(operation, reader.integer("quality", 1, 100, 85), false, 0, 0,
                    reader.bool("progressive", false), false, strip(reader), resize(reader), failOn(reader));
            case PNG -> new ConvertOptions(operation, reader.integer("quality", 1, 100, 90), false, 0,
                    reader.integer("compression", 0, 9, 6), false, reader.bool("palette", false), strip(reader), resize(reader),
                    failOn(reader));
            case WEBP -> new ConvertOptions(operation, reader.integer("quality", 1, 100, 80), reader.bool("lossless", false),
                    reader.integer("effort", 0, 6, 4), 0, false, false, strip(reader), resize(reader), failOn(reader));
            case AVIF -> new ConvertOptions(operation, reader.integer("quality", 1, 100, 50), reader.bool("lossless", false),
                    reader.integer("effort", 0, 9, AVIF_DEFAULT_EFFORT), 0, false, false, strip(reader), resize(reader),
                    failOn(reader));
            case DENOISE -> denoise(reader);
        };
        reader.rejectUnknown();
        return options;
    }

    /**
     * Denoise takes strength (0 to 1), the output format and its quality, and resize. The denoised copy is built from
     * pixels alone, so it never carries the original's metadata (the {@code metadata} operation reads that).
     */
    private DenoiseOptions denoise(ParamReader reader) {
        double strength = reader.decimal("strength", 0, 1, 1.0);
        DenoiseFormat format = reader.choice("format", DenoiseFormat.class, DenoiseFormat.PNG);
        Operation target = Operation.fromId(format.name().toLowerCase(java.util.Locale.ROOT)).orElseThrow();
        int quality = reader.integer("quality", 1, 100, format.quality);
        ConvertOptions output = new ConvertOptions(target, quality, false, target == Operation.AVIF ? AVIF_DEFAULT_EFFORT : 4,
                6, false, false, true, resize(reader), failOn(reader));
        return new DenoiseOptions(strength, output);
    }

    /** The formats a denoised image can be written in, with their default quality. */
    private enum DenoiseFormat {
        PNG(90), JPG(90), WEBP(90), AVIF(60);

        final int quality;

        DenoiseFormat(int quality) {
            this.quality = quality;
        }
    }

    /**
     * How much damage in the source fails the operation: {@code warning} (the default, as in sharp) refuses corrupt
     * and truncated files; {@code none} converts whatever can be decoded.
     */
    private static FailOn failOn(ParamReader reader) {
        return reader.choice("fail_on", FailOn.class, ConvertOptions.DEFAULT_FAIL_ON);
    }

    private static boolean strip(ParamReader reader) {
        return reader.bool("strip", true);
    }

    private ResizeOptions resize(ParamReader reader) {
        JsonNode node = reader.object("resize");
        if (node == null) {
            return null;
        }
        ParamReader resize = new ParamReader(node, reader.field("resize"));
        Integer width = resize.optionalInteger("width", 1, maxDimension);
        Integer height = resize.optionalInteger("height", 1, maxDimension);
        Fit fit = resize.choice("fit", Fit.class, Fit.INSIDE);
        boolean enlarge = resize.bool("enlarge", false);
        resize.rejectUnknown();
        if (width == null && height == null) {
            throw new InvalidOptionsException(reader.field("resize"), "give width, height or both");
        }
        if (fit != Fit.INSIDE && (width == null || height == null)) {
            throw new InvalidOptionsException(reader.field("resize.fit"), "'" + fit.id() + "' needs both width and height");
        }
        return new ResizeOptions(width, height, fit, enlarge);
    }
}
