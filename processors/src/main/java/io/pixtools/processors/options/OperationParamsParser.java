package io.pixtools.processors.options;

import static io.pixtools.processors.options.OperationSchema.AVIF_EFFORT;
import static io.pixtools.processors.options.OperationSchema.AVIF_QUALITY;
import static io.pixtools.processors.options.OperationSchema.DENOISE_FORMAT;
import static io.pixtools.processors.options.OperationSchema.DENOISE_QUALITY;
import static io.pixtools.processors.options.OperationSchema.DENOISE_STRENGTH;
import static io.pixtools.processors.options.OperationSchema.FAIL_ON;
import static io.pixtools.processors.options.OperationSchema.JPG_QUALITY;
import static io.pixtools.processors.options.OperationSchema.LOSSLESS;
import static io.pixtools.processors.options.OperationSchema.PALETTE;
import static io.pixtools.processors.options.OperationSchema.PNG_COMPRESSION;
import static io.pixtools.processors.options.OperationSchema.PNG_QUALITY;
import static io.pixtools.processors.options.OperationSchema.PROGRESSIVE;
import static io.pixtools.processors.options.OperationSchema.RESIZE_ENLARGE;
import static io.pixtools.processors.options.OperationSchema.RESIZE_FIT;
import static io.pixtools.processors.options.OperationSchema.STRIP;
import static io.pixtools.processors.options.OperationSchema.WEBP_EFFORT;
import static io.pixtools.processors.options.OperationSchema.WEBP_QUALITY;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.options.OperationSchema.DenoiseFormat;

/**
 * Turns one operation's JSON parameters into validated, typed options with defaults. Types, ranges, defaults and
 * unknown keys are checked against the {@link OperationSchema} declarations; this class adds only the rules across
 * parameters ({@code resize} needs a side; {@code cover} and {@code fill} need both) and maps the values onto the
 * options records. It runs once, at intake: the workers receive the typed options.
 */
public final class OperationParamsParser {

    private final OperationSchema schema;

    public OperationParamsParser(OperationSchema schema) {
        this.schema = schema;
    }

    /** A parser over the standard schema with {@code maxDimension} as the largest resize. */
    public OperationParamsParser(int maxDimension) {
        this(new OperationSchema(maxDimension));
    }

    public OperationSchema schema() {
        return schema;
    }

    public OperationOptions parse(Operation operation, JsonNode params) {
        String path = "operation_params." + operation.id();
        ParamValues v = ParamReader.read(schema.spec(operation).params(), params, path);
        return switch (operation) {
            case METADATA -> new MetadataOptions();
            case JPG ->
                new ConvertOptions(
                        operation,
                        v.get(JPG_QUALITY),
                        false,
                        0,
                        0,
                        v.get(PROGRESSIVE),
                        false,
                        v.get(STRIP),
                        resize(v, path),
                        v.get(FAIL_ON));
            case PNG ->
                new ConvertOptions(
                        operation,
                        v.get(PNG_QUALITY),
                        false,
                        0,
                        v.get(PNG_COMPRESSION),
                        false,
                        v.get(PALETTE),
                        v.get(STRIP),
                        resize(v, path),
                        v.get(FAIL_ON));
            case WEBP ->
                new ConvertOptions(
                        operation,
                        v.get(WEBP_QUALITY),
                        v.get(LOSSLESS),
                        v.get(WEBP_EFFORT),
                        0,
                        false,
                        false,
                        v.get(STRIP),
                        resize(v, path),
                        v.get(FAIL_ON));
            case AVIF ->
                new ConvertOptions(
                        operation,
                        v.get(AVIF_QUALITY),
                        v.get(LOSSLESS),
                        v.get(AVIF_EFFORT),
                        0,
                        false,
                        false,
                        v.get(STRIP),
                        resize(v, path),
                        v.get(FAIL_ON));
            case DENOISE -> denoise(v, path);
        };
    }

    /**
     * zlib level of a denoised PNG. The copy is lossless and the encoder runs on one core after the model: at the png
     * operation's level 6 it took 0.35 s of the operation's 0.93 s per megapixel; level 4 took a third of that, and the
     * 12 MP denoised photo came out no larger (14.35 against 14.44 MB, libvips' adaptive filters).
     */
    static final int DENOISE_PNG_COMPRESSION = 4;

    /**
     * The denoised copy is built from pixels alone, so it never carries the original's metadata (the {@code metadata}
     * operation reads that); its quality defaults by format.
     */
    private DenoiseOptions denoise(ParamValues v, String path) {
        DenoiseFormat format = v.get(DENOISE_FORMAT);
        Operation target = format.operation();
        Integer quality = v.get(DENOISE_QUALITY);
        ConvertOptions output = new ConvertOptions(
                target,
                quality == null ? format.defaultQuality() : quality,
                false,
                target == Operation.AVIF ? OperationSchema.AVIF_DEFAULT_EFFORT : 4,
                DENOISE_PNG_COMPRESSION,
                false,
                false,
                true,
                resize(v, path),
                v.get(FAIL_ON));
        return new DenoiseOptions(v.get(DENOISE_STRENGTH), output);
    }

    private ResizeOptions resize(ParamValues values, String path) {
        ParamValues resize = values.get(schema.resize());
        if (resize == null) {
            return null;
        }
        Integer width = resize.get(schema.resizeWidth());
        Integer height = resize.get(schema.resizeHeight());
        Fit fit = resize.get(RESIZE_FIT);
        if (width == null && height == null) {
            throw new InvalidOptionsException(path + ".resize", "give width, height or both");
        }
        if (fit != Fit.INSIDE && (width == null || height == null)) {
            throw new InvalidOptionsException(path + ".resize.fit", "'" + fit.id() + "' needs both width and height");
        }
        return new ResizeOptions(width, height, fit, resize.get(RESIZE_ENLARGE));
    }
}
