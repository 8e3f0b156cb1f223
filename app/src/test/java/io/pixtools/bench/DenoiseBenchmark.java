package io.pixtools.bench;

import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.DenoiseOperation;
import io.pixtools.ml.ModelVariant;
import io.pixtools.ml.TiledDenoiser;
import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.options.DenoiseOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsSettings;
import io.pixtools.testing.TestModels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.util.FileSystemUtils;

/**
 * Time per image of the denoiser on a 4-megapixel input (divide by 4 for seconds per megapixel): {@code model} is
 * the network and its tiling on pixels already in memory; {@code photo} is the whole operation as a worker runs it,
 * PNG decode and encode included. The model comes from {@code ml/model} (or {@code -Dmodel.dir=...}).
 * Run: {@code ./pixtools bench Denoise}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DenoiseBenchmark {

    static final int WIDTH = 2500;
    static final int HEIGHT = 1600;

    @Param({"256", "512"})
    int tile;

    @Param({"INT8", "FP32"})
    ModelVariant variant;

    private DenoiseModel model;
    private TiledDenoiser denoiser;
    private DenoiseOperation operation;
    private DenoiseOptions options;
    private Arena arena;
    private MemorySegment pixels;
    private MemorySegment denoised;
    private Path work;
    private Path photo;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        Vips vips = Vips.initialise(VipsSettings.forServer(threads));
        Path dir =
                System.getProperty("model.dir") != null ? Path.of(System.getProperty("model.dir")) : TestModels.SHIPPED;
        model = TestModels.load(dir, variant, threads);
        denoiser = new TiledDenoiser(model, tile);
        operation = new DenoiseOperation(vips, new ConvertOperation(vips, 100_000_000), denoiser);
        options = (DenoiseOptions) new OperationParamsParser(16384).parse(Operation.DENOISE, null);

        arena = Arena.ofShared();
        pixels = arena.allocate((long) WIDTH * HEIGHT * 3);
        denoised = arena.allocate(pixels.byteSize());
        Random random = new Random(1);
        for (long i = 0; i < pixels.byteSize(); i++) {
            pixels.set(ValueLayout.JAVA_BYTE, i, (byte) (96 + random.nextInt(64)));
        }

        work = Files.createTempDirectory("pixtools-bench-");
        photo = work.resolve("photo.png");
        BenchPhoto.write(vips, WIDTH, HEIGHT, photo, "compression=1");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        model.close();
        arena.close();
        FileSystemUtils.deleteRecursively(work);
    }

    @Benchmark
    public MemorySegment model() {
        denoiser.denoise(pixels, denoised, WIDTH, HEIGHT, 3, 1.0);
        return denoised;
    }

    @Benchmark
    public Object photo() {
        return operation.denoise(photo, options, work.resolve("out.png"));
    }
}
