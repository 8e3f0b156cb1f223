package io.pixtools.bench;

import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.convert.ConvertResult;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Time per conversion of a 12-megapixel JPEG (4000x3000) with each format's default parameters, as a worker runs it:
 * decode, orientation, sRGB, encode to a file. Run: {@code ./pixtools bench Convert}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ConvertBenchmark {

    @Param({"jpg", "png", "webp", "avif"})
    String format;

    private ConvertOperation convert;
    private ConvertOptions options;
    private Path work;
    private Path photo;
    private ConvertResult last;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Vips vips = Vips.initialise(VipsSettings.forServer(Runtime.getRuntime().availableProcessors()));
        convert = new ConvertOperation(vips, 100_000_000);
        options =
                (ConvertOptions) new OperationParamsParser(16384).parse(Operation.valueOf(format.toUpperCase()), null);
        work = Files.createTempDirectory("pixtools-bench-");
        photo = work.resolve("photo.jpg");
        BenchPhoto.write(vips, 4000, 3000, photo, "Q=90");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (last != null) {
            System.out.printf(
                    "%n[convert] %s: %dx%d, %d bytes from a %d-byte JPEG%n",
                    format, last.width(), last.height(), last.bytes(), Files.size(photo));
        }
        FileSystemUtils.deleteRecursively(work);
    }

    @Benchmark
    public ConvertResult convert() {
        last = convert.convert(photo, options, work.resolve("out." + format));
        return last;
    }
}
