package io.pixtools.ml;

import static io.pixtools.testing.TestImages.fixture;
import static io.pixtools.testing.TestImages.psnr;
import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.testing.ImageQuality;
import io.pixtools.testing.TestImages;
import io.pixtools.testing.TestModels;
import io.pixtools.testing.WebpChunks;
import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed DnCNN on ONNX Runtime, end to end on real photos: no mock, no fixture model. */
class DenoiseTests {

    private static final Vips VIPS = TestImages.vips();
    private static DenoiseModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() throws Exception {
        model = TestModels.load(TestModels.SHIPPED, 2);
    }

    @AfterAll
    static void closeModel() throws Exception {
        model.close();
    }

    private DenoiseOperation operation(int tile) {
        return new DenoiseOperation(VIPS, new ConvertOperation(VIPS, 50_000_000), new TiledDenoiser(model, tile));
    }

    private static DenoiseOptions png(double strength) {
        DenoiseOptions defaults = (DenoiseOptions) new OperationParamsParser(16384).parse(Operation.DENOISE, null);
        return new DenoiseOptions(strength, defaults.output());
    }

    private Path write(BufferedImage image, String name) throws Exception {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** A no-op would gain 0 dB; the model must gain at least 5 dB on a real photo at sigma 25. */
    @Test
    void removesGaussianNoiseFromARealPhoto() throws Exception {
        BufferedImage clean = TestImages.decode(fixture("chelsea.webp"));
        BufferedImage noisy = ImageQuality.noisy(clean, 25, 7);
        Path out = operation(256)
                .denoise(write(noisy, "noisy.png"), png(1.0), dir.resolve("clean.png"))
                .file();

        double before = psnr(noisy, clean);
        double after = psnr(ImageIO.read(out.toFile()), clean);
        assertThat(after - before).as("PSNR %.2f dB -> %.2f dB", before, after).isGreaterThan(5.0);
        assertThat(ImageQuality.ssim(ImageIO.read(out.toFile()), clean)).isGreaterThan(ImageQuality.ssim(noisy, clean));
    }

    /** Tiles read with a margin of half the receptive field give the pixels of a single whole-image pass. */
    @Test
    void tilingGivesTheSamePixelsAsAWholeImagePass() throws Exception {
        BufferedImage noisy = ImageQuality.noisy(TestImages.decode(fixture("rocket.avif")), 25, 3);
        int w = noisy.getWidth();
        int h = noisy.getHeight();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate((long) w * h * 3);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = noisy.getRGB(x, y);
                    long at = ((long) y * w + x) * 3;
                    in.set(ValueLayout.JAVA_BYTE, at, (byte) (rgb >> 16));
                    in.set(ValueLayout.JAVA_BYTE, at + 1, (byte) (rgb >> 8));
                    in.set(ValueLayout.JAVA_BYTE, at + 2, (byte) rgb);
                }
            }
            MemorySegment tiled = arena.allocate(in.byteSize());
            MemorySegment whole = arena.allocate(in.byteSize());
            new TiledDenoiser(model, 64).denoise(in, tiled, w, h, 3, 1.0);
            new TiledDenoiser(model, Math.max(w, h)).denoise(in, whole, w, h, 3, 1.0);
            int maxDifference = 0;
            for (long i = 0; i < in.byteSize(); i++) {
                int a = tiled.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                int b = whole.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                maxDifference = Math.max(maxDifference, Math.abs(a - b));
            }
            assertThat(maxDifference)
                    .as("largest difference of one channel value")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void strengthZeroKeepsTheInput() throws Exception {
        BufferedImage noisy = ImageQuality.noisy(TestImages.decode(fixture("astronaut.png")), 15, 5);
        Path out = operation(128)
                .denoise(write(noisy, "n.png"), png(0.0), dir.resolve("same.png"))
                .file();
        assertThat(psnr(ImageIO.read(out.toFile()), noisy)).isInfinite();
    }

    @Test
    void keepsGreyImagesGreyAndAlphaAsItWas() throws Exception {
        Path grey = operation(128)
                .denoise(fixture("grey16.tif"), png(1.0), dir.resolve("grey.png"))
                .file();
        try (VipsImage image = VIPS.open(grey)) {
            assertThat(image.bands()).isEqualTo(1);
        }
        Path alpha = operation(128)
                .denoise(fixture("alpha.png"), png(1.0), dir.resolve("alpha.png"))
                .file();
        BufferedImage source = ImageIO.read(fixture("alpha.png").toFile());
        BufferedImage result = ImageIO.read(alpha.toFile());
        for (int y = 0; y < source.getHeight(); y += 7) {
            for (int x = 0; x < source.getWidth(); x += 7) {
                assertThat(result.getRGB(x, y) >>> 24).isEqualTo(source.getRGB(x, y) >>> 24);
            }
        }
    }

    /**
     * Regression: the README promises a denoised copy without metadata, but libvips 8.14.1's WebP saver ignores
     * {@code strip} and wrote an EXIF block it builds from the image header (resolution, size, orientation).
     */
    @Test
    void denoisedWebpCarriesNoMetadata() throws Exception {
        DenoiseOptions webp = (DenoiseOptions) new OperationParamsParser(16384)
                .parse(Operation.DENOISE, new ObjectMapper().readTree("{\"format\": \"webp\"}"));
        Path out = operation(256)
                .denoise(fixture("camera.jpg"), webp, dir.resolve("clean.webp"))
                .file();

        assertThat(WebpChunks.of(out).types()).contains("VP8 ").doesNotContain("EXIF", "XMP ", "ICCP");
        Metadata reopened = ImageMetadataReader.readMetadata(out.toFile());
        assertThat(reopened.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
        assertThat(reopened.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
    }

    /**
     * A 24-megapixel photo goes through in tiles with its pixels in native memory: a separate JVM with a 160 MB heap
     * (one RGB copy of the image alone would take 72 MB of it) denoises it with the default 512 px tiles, and the whole
     * process stays under 800 MB resident (about 610 MB measured). A whole-image pass would need over 4 GB for one
     * 48-channel activation of the network.
     */
    @Test
    void aTwentyFourMegapixelImageRunsInBoundedMemoryWithEitherBuild() throws Exception {
        long fp32 = peakResidentMegabytes(ModelVariant.FP32);
        long int8 = peakResidentMegabytes(ModelVariant.INT8);
        assertThat(fp32).as("FP32 peak resident memory in MB").isLessThan(800);
        assertThat(int8)
                .as("INT8 peak resident memory in MB, against FP32's %d", fp32)
                .isLessThanOrEqualTo(fp32 + 20);
    }

    private long peakResidentMegabytes(ModelVariant variant) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx160m",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DenoiseLargeImage.class.getName(),
                        dir.toString(),
                        variant.name())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("6000x4000");
        Matcher peak = Pattern.compile("peak resident memory (\\d+) MB").matcher(output);
        assertThat(peak.find()).as(output).isTrue();
        System.out.print(output);
        return Long.parseLong(peak.group(1));
    }
}
