package io.pixtools.ml;

import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.convert.ConvertResult;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.processors.vips.VipsSettings;
import io.pixtools.testing.TestImages;
import io.pixtools.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;

/** Denoises a 24-megapixel photo; run by DenoiseTests in a JVM with a small heap. Arguments: a work directory, the build (FP32 or INT8), with its default tile. */
public final class DenoiseLargeImage {

    private DenoiseLargeImage() {}

    /** VmHWM: the most physical memory this process has used, heap and native together. */
    static long peakResidentMegabytes() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Vips vips = Vips.initialise(VipsSettings.forServer(2));
        Path big = dir.resolve("24mp.jpg");
        try (VipsImage image =
                vips.thumbnail(TestImages.fixture("camera.jpg"), 6000, 4000, Vips.Size.FORCE, Vips.Crop.NONE)) {
            vips.write(image, big, "Q=90");
        }
        ModelVariant variant = ModelVariant.valueOf(args[1]);
        try (DenoiseModel model = TestModels.load(TestModels.SHIPPED, variant, 2)) {
            DenoiseOperation operation = new DenoiseOperation(
                    vips, new ConvertOperation(vips, 50_000_000), new TiledDenoiser(model, variant.defaultTile()));
            DenoiseOptions options = (DenoiseOptions) new OperationParamsParser(16384).parse(Operation.DENOISE, null);
            long start = System.nanoTime();
            ConvertResult result = operation.denoise(big, options, dir.resolve("24mp.png"));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "[denoise %s] %dx%d in %.1f s (%.2f s/MP) with a max heap of %d MB; peak resident memory %d MB%n",
                    variant,
                    result.width(),
                    result.height(),
                    seconds,
                    seconds / 24,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024),
                    peakResidentMegabytes());
        }
    }
}
