package io.pixtools.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.processors.vips.VipsSettings;
import io.pixtools.testing.ImageQuality;
import io.pixtools.testing.TestImages;
import io.pixtools.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The denoiser's evaluation, as production runs it (Java, ONNX Runtime, libvips): PSNR and SSIM on the held-out
 * photos (never used in training, see ml/training/data_sources.py) at sigma 15, 25 and 50, for the noisy input, two
 * classical baselines (3x3 median; Gaussian blur with the best sigma for each image, an oracle choice) and both builds
 * of the model (FP32 and INT8); the same for camera-like noise ({@link CameraNoise}: signal-dependent, demosaiced,
 * JPEG-compressed) at three levels; then each build's inference time per megapixel on this machine, and the targets
 * (met or not) from these figures, with non-local means' from the model card (the Python evaluation: there is no
 * non-local means in libvips). Noise is added to 8-bit photos and the noisy image is stored as 8-bit PNG, as an upload
 * would be. Run: {@code ./pixtools evaluate-denoise}.
 */
public final class DenoiseEvaluation {

    static final List<Path> HELD_OUT = List.of(
            Path.of("/usr/share/doc/opencv-doc/examples/data/baboon.jpg"),
            Path.of("/usr/share/doc/opencv-doc/examples/data/fruits.jpg"),
            Path.of("/usr/share/doc/opencv-doc/examples/data/building.jpg"),
            Path.of("/usr/lib/python3/dist-packages/skimage/data/chelsea.png"));
    private static final int[] SIGMAS = {15, 25, 50};
    private static final double[] BLURS = {0.5, 0.7, 1.0, 1.3, 1.7, 2.2};

    private DenoiseEvaluation() {}

    public static void main(String[] args) throws Exception {
        Vips vips = Vips.initialise(VipsSettings.forServer(Runtime.getRuntime().availableProcessors()));
        Path work = Files.createTempDirectory("pixtools-eval-");
        int threads = Runtime.getRuntime().availableProcessors();
        DenoiseOptions options = (DenoiseOptions) new OperationParamsParser(16384).parse(Operation.DENOISE, null);
        Map<ModelVariant, DenoiseModel> models = new LinkedHashMap<>();
        try {
            for (ModelVariant variant : List.of(ModelVariant.FP32, ModelVariant.INT8)) {
                models.put(variant, TestModels.load(TestModels.SHIPPED, variant, threads));
            }
            Map<ModelVariant, DenoiseOperation> operations = new LinkedHashMap<>();
            models.forEach((variant, model) -> operations.put(
                    variant,
                    new DenoiseOperation(
                            vips, new ConvertOperation(vips, 100_000_000), new TiledDenoiser(model, tile(variant)))));

            System.out.println("held-out photos: "
                    + HELD_OUT.stream().map(p -> p.getFileName().toString()).toList());
            System.out.printf(
                    "%-6s | %-15s | %-15s | %-15s | %-15s | %-15s%n",
                    "sigma", "noisy", "median 3x3", "gaussian (best)", "DnCNN FP32", "DnCNN INT8");
            System.out.printf(
                    "%-6s | %-15s | %-15s | %-15s | %-15s | %-15s%n",
                    "", "PSNR / SSIM", "PSNR / SSIM", "PSNR / SSIM", "PSNR / SSIM", "PSNR / SSIM");
            Map<String, Map<String, double[]>> means = new LinkedHashMap<>();
            for (int sigma : SIGMAS) {
                Map<String, double[]> mean = row(
                        operations, options, work, (clean, index) -> ImageQuality.noisy(clean, sigma, 2026 + sigma));
                System.out.println(format(String.valueOf(sigma), mean));
                means.put("sigma " + sigma, mean);
            }
            System.out.println("camera-like noise (CameraNoise, as ml/training/camera_noise.py), by case:");
            for (CameraNoise.Case noise : CameraNoise.CASES) {
                Map<String, double[]> mean = row(
                        operations,
                        options,
                        work,
                        (clean, index) -> CameraNoise.noisy(clean, noise, 2026L * 31 + index));
                System.out.println(noise.label());
                System.out.println(format("", mean));
                means.put(noise.label(), mean);
            }
            Map<ModelVariant, Double> wholeOperation = new LinkedHashMap<>();
            for (ModelVariant variant : models.keySet()) {
                System.out.println(variant + " "
                        + modelTiming(new TiledDenoiser(models.get(variant), tile(variant)), tile(variant)));
                double[] runs = timing(vips, operations.get(variant), options, work);
                double best = Math.min(runs[0], runs[1]);
                wholeOperation.put(variant, best);
                System.out.printf(
                        "%s inference: %.2f s per megapixel (12 MP photo, %d threads, decode and PNG encode included;"
                                + " runs %.3f, %.3f)%n",
                        variant, best, threads, runs[0], runs[1]);
            }
            System.out.print(targets(
                    means, wholeOperation, ModelVariant.select(ModelVariant.Choice.AUTO, CpuFeatures.detect())));
        } finally {
            for (DenoiseModel model : models.values()) {
                model.close();
            }
        }
    }

    /** Issue 17's targets, each against the figures of this run and, for non-local means, of the model card. */
    static String targets(
            Map<String, Map<String, double[]>> means,
            Map<ModelVariant, Double> wholeOperation,
            ModelVariant.Selected runsHere)
            throws IOException {
        JsonNode camera = new ObjectMapper()
                .readTree(TestModels.SHIPPED.resolve("dncnn.json").toFile())
                .path("evaluation")
                .path("camera");
        StringBuilder out = new StringBuilder("targets:\n");
        double[] noisy25 = means.get("sigma 25").get("noisy");
        for (ModelVariant variant : ModelVariant.values()) {
            double gain = means.get("sigma 25").get(variant.name())[0] - noisy25[0];
            out.append(
                    target(variant + " sigma 25 gain over the noisy input", gain, "dB", gain >= 9.5, "at least 9.5"));
        }
        for (CameraNoise.Case noise : CameraNoise.CASES) {
            double nlm = camera.path(noise.label()).path("nlm").path("psnr").asDouble(Double.NaN);
            for (ModelVariant variant : ModelVariant.values()) {
                double gain = means.get(noise.label()).get(variant.name())[0] - nlm;
                out.append(target(
                        variant + " " + noise.label() + " over non-local means (" + nlm
                                + " dB, the Python evaluation in dncnn.json)",
                        gain,
                        "dB",
                        gain >= 1.5,
                        "at least 1.5"));
            }
        }
        double loss = means.values().stream()
                .mapToDouble(m -> m.get("FP32")[0] - m.get("INT8")[0])
                .max()
                .orElseThrow();
        out.append(target("INT8 loss against FP32, largest over all rows", loss, "dB", loss <= 0.1, "at most 0.1"));
        double seconds = wholeOperation.get(runsHere.variant());
        out.append(target(
                runsHere.variant() + " whole operation, 12 MP photo (the build that runs here: " + runsHere.reason()
                        + ")",
                seconds,
                "s/MP",
                seconds <= 1.0,
                "at most 1.0"));
        return out.toString();
    }

    private static String target(String what, double value, String unit, boolean met, String goal) {
        return String.format("  %-110s %6.2f %-4s (%s): %s%n", what, value, unit, goal, met ? "met" : "NOT met");
    }

    /** The mean PSNR / SSIM of each method over the held-out photos with the noise of {@code noise}. */
    private static Map<String, double[]> row(
            Map<ModelVariant, DenoiseOperation> operations,
            DenoiseOptions options,
            Path work,
            java.util.function.BiFunction<BufferedImage, Integer, BufferedImage> noise)
            throws Exception {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int index = 0; index < HELD_OUT.size(); index++) {
            BufferedImage clean = TestImages.decode(HELD_OUT.get(index));
            BufferedImage noisy = noise.apply(clean, index);
            Path noisyFile = work.resolve("noisy.png");
            ImageIO.write(noisy, "png", noisyFile.toFile());
            add(sums, "noisy", clean, noisy);
            add(sums, "median", clean, ImageQuality.median3(noisy));
            add(sums, "gaussian", clean, bestBlur(clean, noisy));
            for (Map.Entry<ModelVariant, DenoiseOperation> operation : operations.entrySet()) {
                BufferedImage denoised = ImageIO.read(operation
                        .getValue()
                        .denoise(noisyFile, options, work.resolve("out.png"))
                        .file()
                        .toFile());
                add(sums, operation.getKey().name(), clean, denoised);
            }
        }
        Map<String, double[]> means = new LinkedHashMap<>();
        sums.forEach((method, v) -> means.put(method, new double[] {v[0] / HELD_OUT.size(), v[1] / HELD_OUT.size()}));
        return means;
    }

    private static String format(String label, Map<String, double[]> means) {
        StringBuilder row = new StringBuilder(String.format("%-6s", label));
        for (double[] v : means.values()) {
            row.append(String.format(" | %6.2f / %.3f ", v[0], v[1]));
        }
        return row.toString();
    }

    /** Each build's own tile size, or {@code -Dtile} for both. */
    private static int tile(ModelVariant variant) {
        return Integer.getInteger("tile", variant.defaultTile());
    }

    private static void add(Map<String, double[]> sums, String method, BufferedImage clean, BufferedImage candidate) {
        double[] sum = sums.computeIfAbsent(method, m -> new double[2]);
        sum[0] += TestImages.psnr(candidate, clean);
        sum[1] += ImageQuality.ssim(candidate, clean);
    }

    private static BufferedImage bestBlur(BufferedImage clean, BufferedImage noisy) {
        BufferedImage best = null;
        double bestPsnr = -1;
        for (double sigma : BLURS) {
            BufferedImage blurred = ImageQuality.gaussian(noisy, sigma);
            double psnr = TestImages.psnr(blurred, clean);
            if (psnr > bestPsnr) {
                bestPsnr = psnr;
                best = blurred;
            }
        }
        return best;
    }

    /** Seconds per megapixel of the model alone, with its tiling, on 12 megapixels already in memory; best of two. */
    private static String modelTiming(TiledDenoiser denoiser, int tile) {
        int width = 4000;
        int height = 3000;
        double best = Double.MAX_VALUE;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment in = arena.allocate((long) width * height * 3);
            java.lang.foreign.MemorySegment out = arena.allocate(in.byteSize());
            java.util.Random random = new java.util.Random(1);
            for (long i = 0; i < in.byteSize(); i++) {
                in.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (96 + random.nextInt(64)));
            }
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                denoiser.denoise(in, out, width, height, 3, 1.0);
                best = Math.min(best, (System.nanoTime() - start) / 1e9 / 12);
            }
        }
        return String.format(
                "model: %.2f s per megapixel (12 MP in memory, tiles of %d px, %d threads)",
                best, tile, Runtime.getRuntime().availableProcessors());
    }

    /** Seconds per megapixel of the whole operation on a 12-megapixel photo (4000x3000), two runs. */
    private static double[] timing(Vips vips, DenoiseOperation operation, DenoiseOptions options, Path work) {
        Path photo = work.resolve("12mp.png");
        try (VipsImage image = vips.thumbnail(HELD_OUT.get(0), 4000, 3000, Vips.Size.FORCE, Vips.Crop.NONE)) {
            vips.write(image, photo, "compression=1");
        }
        double[] runs = new double[2];
        for (int i = 0; i < runs.length; i++) {
            long start = System.nanoTime();
            operation.denoise(photo, options, work.resolve("12mp-out.png"));
            runs[i] = (System.nanoTime() - start) / 1e9 / 12;
        }
        return runs;
    }
}
