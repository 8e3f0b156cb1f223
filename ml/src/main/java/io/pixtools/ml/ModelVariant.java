package io.pixtools.ml;

/**
 * The two builds of the denoise model: INT8 (a QDQ graph that ONNX Runtime runs with integer kernels, about twice as
 * fast where the CPU has 8-bit dot products, and within 0.1 dB) and the FP32 original, which it was quantized from.
 */
public enum ModelVariant {
    // ONNX Runtime's integer convolutions unfold each tile (im2col): 256 px tiles keep a 24 MP photo under the FP32
    // build's peak memory (435 MB against 607 MB with 512 px) for about 2 % more time. FP32's blocked kernels do not
    // unfold, and 512 px tiles are 5 % faster than 256 px there.
    INT8("dncnn-int8", 256),
    FP32("dncnn", 512);

    private final String baseName;
    private final int defaultTile;

    ModelVariant(String baseName, int defaultTile) {
        this.baseName = baseName;
        this.defaultTile = defaultTile;
    }

    /** The tile edge in pixels this build runs best with, unless PIXTOOLS_DENOISE_TILE_SIZE says otherwise. */
    public int defaultTile() {
        return defaultTile;
    }

    public String onnxFile() {
        return baseName + ".onnx";
    }

    public String contractFile() {
        return baseName + ".json";
    }

    /** What an operator asks for: {@code auto} picks INT8 on a CPU with VNNI or AMX and FP32 elsewhere. */
    public enum Choice {
        AUTO,
        INT8,
        FP32
    }

    /** The variant to run for {@code choice} on {@code cpu}, with the reason, for the log and the health report. */
    public static Selected select(Choice choice, CpuFeatures cpu) {
        return switch (choice) {
            case INT8 -> new Selected(INT8, "INT8, as configured");
            case FP32 -> new Selected(FP32, "FP32, as configured");
            case AUTO ->
                cpu.integerDotProduct()
                        .map(flag -> new Selected(INT8, "INT8: the CPU has " + flag))
                        .orElseGet(() -> new Selected(FP32, "FP32: the CPU has no VNNI or AMX for INT8"));
        };
    }

    public record Selected(ModelVariant variant, String reason) {}
}
