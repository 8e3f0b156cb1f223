package io.pixtools.processors.options;

import io.pixtools.processors.vips.Vips.FailOn;
import java.util.Arrays;
import java.util.List;

/**
 * Every operation and every parameter it takes, declared once. {@link OperationParamsParser} validates requests
 * against these declarations, and the application derives {@code GET /api/operations}, the OpenAPI description and
 * (through the catalog) the web page's controls from them, so the four cannot drift apart.
 * <p>
 * Only {@code resize.width} and {@code resize.height} depend on configuration (the largest output dimension); the
 * rest is constant.
 */
public final class OperationSchema {

    /** libvips' AVIF effort 3 is about 2-3x faster than its default 4 for nearly the same size (see README). */
    public static final int AVIF_DEFAULT_EFFORT = 3;

    public static final Param.Bool STRIP = new Param.Bool(
            "strip",
            "Remove EXIF, XMP and IPTC metadata and the ICC profile from the outputs (on by default, for privacy).",
            true);
    public static final Param.Choice<FailOn> FAIL_ON = new Param.Choice<>(
            "fail_on",
            "How much damage in the source fails the operation: warning refuses corrupt and truncated files, "
                    + "none converts whatever can be decoded.",
            FailOn.class,
            FailOn.WARNING);
    public static final Param.Bool PROGRESSIVE = new Param.Bool(
            "progressive", "Write a progressive JPEG, which shows coarse-to-fine while it loads.", false);
    public static final Param.Bool LOSSLESS =
            new Param.Bool("lossless", "Encode without loss; quality is then ignored.", false);
    /**
     * 5 by default, not zlib's 6: on a 12 MP photo with adaptive filters, 1 % larger in 0.6 of the time (11.34 against
     * 11.23 MB, 2.5 against 4.1 s; Pillow's default, 6, wrote 11.20 MB in 4.0 s).
     */
    public static final Param.Int PNG_COMPRESSION =
            new Param.Int("compression", "zlib compression level: higher is smaller and slower, never lossy.", 0, 9, 5);

    public static final Param.Bool PALETTE = new Param.Bool(
            "palette",
            "Quantise to a palette of at most 256 colours (smaller, lossy; quality steers the quantiser).",
            false);
    public static final Param.Int WEBP_EFFORT =
            new Param.Int("effort", "CPU effort: higher is smaller and slower.", 0, 6, 4);
    public static final Param.Int AVIF_EFFORT =
            new Param.Int("effort", "CPU effort: higher is smaller and slower.", 0, 9, AVIF_DEFAULT_EFFORT);
    public static final Param.Int JPG_QUALITY = quality(85);
    public static final Param.Int PNG_QUALITY = quality(90);
    public static final Param.Int WEBP_QUALITY = quality(80);
    public static final Param.Int AVIF_QUALITY = quality(50);

    public static final Param.Decimal DENOISE_STRENGTH = new Param.Decimal(
            "strength",
            "How much of the model's correction to apply: 0 keeps the input, 1 applies all of it.",
            0,
            1,
            1.0);
    public static final Param.Choice<DenoiseFormat> DENOISE_FORMAT =
            new Param.Choice<>("format", "The format of the denoised copy.", DenoiseFormat.class, DenoiseFormat.PNG);
    public static final Param.Int DENOISE_QUALITY = new Param.Int(
            "quality",
            "Quality of the denoised copy, 1 (smallest) to 100 (best); by default 90, or 60 for avif.",
            1,
            100,
            null);

    public static final Param.Choice<Fit> RESIZE_FIT = new Param.Choice<>(
            "fit",
            "inside: fit in the box keeping the aspect ratio; cover: fill the box and crop the overflow around the centre; "
                    + "fill: stretch to the box.",
            Fit.class,
            Fit.INSIDE);
    public static final Param.Bool RESIZE_ENLARGE =
            new Param.Bool("enlarge", "Allow the output to be larger than the source.", false);
    public static final List<String> RESIZE_RULES =
            List.of("give width, height or both", "cover and fill need both width and height");

    /** The formats a denoised copy can be written in, with the quality each uses by default. */
    public enum DenoiseFormat {
        PNG(90),
        JPG(90),
        WEBP(90),
        AVIF(60);

        private final int defaultQuality;

        DenoiseFormat(int defaultQuality) {
            this.defaultQuality = defaultQuality;
        }

        public int defaultQuality() {
            return defaultQuality;
        }

        public Operation operation() {
            return Operation.valueOf(name());
        }
    }

    private final Param.Int resizeWidth;
    private final Param.Int resizeHeight;
    private final Param.Group resize;
    private final List<OperationSpec> operations;

    /** @param maxDimension the largest width or height a resize may ask for ({@code pixtools.limits.max-output-dimension}) */
    public OperationSchema(int maxDimension) {
        resizeWidth = new Param.Int(
                "width",
                "Target width in pixels; without height, the aspect ratio gives the height.",
                1,
                maxDimension,
                null);
        resizeHeight = new Param.Int(
                "height",
                "Target height in pixels; without width, the aspect ratio gives the width.",
                1,
                maxDimension,
                null);
        resize = new Param.Group(
                "resize",
                "Scale the image before encoding; leave out to keep its size.",
                List.of(resizeWidth, resizeHeight, RESIZE_FIT, RESIZE_ENLARGE),
                RESIZE_RULES);
        operations = List.of(
                new OperationSpec(
                        Operation.JPG,
                        "JPEG",
                        "small, universal",
                        List.of(JPG_QUALITY, PROGRESSIVE, STRIP, resize, FAIL_ON)),
                new OperationSpec(
                        Operation.PNG,
                        "PNG",
                        "lossless",
                        List.of(PNG_QUALITY, PNG_COMPRESSION, PALETTE, STRIP, resize, FAIL_ON)),
                new OperationSpec(
                        Operation.WEBP,
                        "WebP",
                        "smaller than JPEG",
                        List.of(WEBP_QUALITY, LOSSLESS, WEBP_EFFORT, STRIP, resize, FAIL_ON)),
                new OperationSpec(
                        Operation.AVIF,
                        "AVIF",
                        "smallest, slower",
                        List.of(AVIF_QUALITY, LOSSLESS, AVIF_EFFORT, STRIP, resize, FAIL_ON)),
                new OperationSpec(Operation.METADATA, "Metadata", "camera, lens, GPS", List.of()),
                new OperationSpec(
                        Operation.DENOISE,
                        "Denoise",
                        "remove sensor noise",
                        List.of(DENOISE_STRENGTH, DENOISE_FORMAT, DENOISE_QUALITY, resize, FAIL_ON)));
        if (!operations.stream().map(OperationSpec::operation).toList().equals(Arrays.asList(Operation.values()))) {
            throw new IllegalStateException("every operation is declared once, in the order of Operation");
        }
    }

    /** Every operation, in the order of {@link Operation}. */
    public List<OperationSpec> operations() {
        return operations;
    }

    public OperationSpec spec(Operation operation) {
        return operations.get(operation.ordinal());
    }

    public Param.Group resize() {
        return resize;
    }

    public Param.Int resizeWidth() {
        return resizeWidth;
    }

    public Param.Int resizeHeight() {
        return resizeHeight;
    }

    private static Param.Int quality(int defaultValue) {
        return new Param.Int("quality", "Encoder quality, 1 (smallest) to 100 (best).", 1, 100, defaultValue);
    }
}
