package io.pixtools.bench;

import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.convert.EncoderMemory;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Section 1: each format's conversion at each size, the service's code next to bare libvips, the {@code vips} CLI,
 * Pillow and ImageMagick, each with the median of the same number of runs after warming up (three runs in this JVM,
 * whose compiler needs them; one for the others). The service's column is
 * {@link ConvertOperation#convert} with the operation's default options, in this JVM: exactly what a worker runs for a
 * conversion, without queues or storage. Bare libvips is {@link Vips#open} (sequential access) and {@link Vips#write}
 * with the same saver options.
 */
final class OperationTimes {

    static final List<Operation> FORMATS = List.of(Operation.JPG, Operation.PNG, Operation.WEBP, Operation.AVIF);

    /** The service's limits: 50 million pixels, 16384 pixels a side (PixToolsProperties' defaults). */
    private static final OperationParamsParser DEFAULTS = new OperationParamsParser(16384);

    /** Runs not counted in this JVM: the first conversions of a format also compile the Java around them. */
    static final int IN_PROCESS_WARM_UP = 3;

    private final Vips vips;
    private final ConvertOperation convert;
    private final Path work;

    OperationTimes(Vips vips, Path work) {
        this.vips = vips;
        this.convert = new ConvertOperation(vips, 50_000_000, 16384, EncoderMemory.unbounded());
        this.work = work;
    }

    /** One row: a format at a size. */
    record Row(
            Operation operation,
            CorpusPhoto photo,
            int runs,
            Timing service,
            Timing bare,
            Timing cli,
            Timing pillow,
            Timing magick) {

        double serviceOverBare() {
            return service.millis() / bare.millis();
        }
    }

    static ConvertOptions defaults(Operation operation) {
        return (ConvertOptions) DEFAULTS.parse(operation, null);
    }

    List<Row> measure(CorpusPhoto photo, Path source, int runs) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (Operation operation : FORMATS) {
            Progress.say("conversions: " + operation.id() + " at " + photo.label() + ", " + runs + " runs each");
            rows.add(measure(operation, photo, source, runs));
        }
        return rows;
    }

    private Row measure(Operation operation, CorpusPhoto photo, Path source, int runs)
            throws IOException, InterruptedException {
        ConvertOptions options = defaults(operation);
        String saveOptions = ConvertOperation.saveOptions(options);
        String ext = "." + operation.id();
        String stem = photo.width() + "x" + photo.height() + "-";
        Path serviceOut = work.resolve(stem + "service" + ext);
        Timing service = timed(runs, serviceOut, () -> convert.convert(source, options, serviceOut));
        Path bareOut = work.resolve(stem + "bare" + ext);
        Timing bare = timed(runs, bareOut, () -> {
            try (VipsImage image = vips.open(sequential(source))) {
                vips.write(image, bareOut, saveOptions);
            }
        });
        Path cliOut = work.resolve(stem + "cli" + ext);
        Timing cli = timedProcess(runs, cliOut, () -> ExternalTools.vipsCopy(source, cliOut, saveOptions));
        Timing pillow = ExternalTools.pillow(source, work.resolve(stem + "pillow" + ext), operation.id(), runs);
        Path magickOut = work.resolve(stem + "magick" + ext);
        Timing magick = timedProcess(runs, magickOut, () -> ExternalTools.magick(source, magickOut, options));
        return new Row(operation, photo, runs, service, bare, cli, pillow, magick);
    }

    /**
     * The file opened for one pass from top to bottom, as the {@code vips} CLI and the service's thumbnail open it:
     * without it, libvips decodes the whole image into memory before encoding.
     */
    static Path sequential(Path file) {
        return Path.of(file + "[access=sequential]");
    }

    /** The median of {@code runs} runs after {@value #IN_PROCESS_WARM_UP} warm-up runs, timed here. */
    private static Timing timed(int runs, Path output, Runnable conversion) throws IOException {
        for (int i = 0; i < IN_PROCESS_WARM_UP; i++) {
            conversion.run();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            conversion.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        return new Timing(Figures.median(millis), Files.size(output), null);
    }

    /** The median of {@code runs} process runs after one warm-up; a tool that refuses the format gives none. */
    private static Timing timedProcess(int runs, Path output, ProcessRun process)
            throws IOException, InterruptedException {
        try {
            process.millis();
        } catch (ExternalTools.ToolFailedException e) {
            return Timing.unavailable(e.getMessage().lines().findFirst().orElse("failed"));
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            millis.add(process.millis());
        }
        return new Timing(Figures.median(millis), Files.size(output), null);
    }

    @FunctionalInterface
    private interface ProcessRun {
        double millis() throws IOException, InterruptedException;
    }

    static String markdown(List<Row> rows) {
        MarkdownTable table = new MarkdownTable(
                "op",
                "size",
                "runs",
                "service ms",
                "bare libvips ms",
                "service/bare",
                "vips CLI ms",
                "Pillow ms",
                "ImageMagick ms",
                "service KB",
                "Pillow KB",
                "ImageMagick KB");
        Set<String> reasons = new LinkedHashSet<>();
        for (Row row : rows) {
            table.row(
                    row.operation.id(),
                    row.photo.label(),
                    row.runs,
                    Figures.millis(row.service.millis()),
                    Figures.millis(row.bare.millis()),
                    Figures.ratio(row.serviceOverBare()),
                    Figures.millis(row.cli.millis()),
                    Figures.millis(row.pillow.millis()),
                    Figures.millis(row.magick.millis()),
                    Figures.kilobytes(row.service.bytes()),
                    Figures.kilobytes(row.pillow.bytes()),
                    Figures.kilobytes(row.magick.bytes()));
            for (Timing timing : List.of(row.pillow, row.magick)) {
                if (!timing.available()) {
                    reasons.add(row.operation.id() + ": " + timing.reason());
                }
            }
        }
        StringBuilder out = new StringBuilder(table.toString());
        if (!reasons.isEmpty()) {
            out.append("\nn/a: ").append(String.join("; ", reasons)).append(".\n");
        }
        pngAgainstPillow(rows).ifPresent(line -> out.append('\n').append(line).append('\n'));
        return out.toString();
    }

    /** The row the PNG targets are about: PNG at the largest size measured (12 MP in the full run). */
    static Optional<Row> largestPng(List<Row> rows) {
        return rows.stream()
                .filter(r -> r.operation == Operation.PNG && r.pillow.available())
                .max(Comparator.comparingLong(r -> (long) r.photo.width() * r.photo.height()));
    }

    private static Optional<String> pngAgainstPillow(List<Row> rows) {
        return largestPng(rows)
                .map(png -> String.format(
                        Locale.ROOT,
                        "PNG at default settings, %s: service %s vs Pillow %s (%s of Pillow's size), service %s ms vs"
                                + " Pillow %s ms (%s of Pillow's time).",
                        png.photo.label(),
                        Figures.fileSize(png.service.bytes()),
                        Figures.fileSize(png.pillow.bytes()),
                        Figures.ratio((double) png.service.bytes() / png.pillow.bytes()),
                        Figures.millis(png.service.millis()),
                        Figures.millis(png.pillow.millis()),
                        Figures.ratio(png.service.millis() / png.pillow.millis())));
    }

    /** The PNG targets: within 5 % of Pillow's size, in no more than Pillow's time. */
    static List<Target> targets(List<Row> rows) {
        return largestPng(rows)
                .map(png -> {
                    double size = (double) png.service.bytes() / png.pillow.bytes();
                    double time = png.service.millis() / png.pillow.millis();
                    return List.of(
                            new Target(
                                    "PNG at default settings, " + png.photo.label() + ": size against Pillow's",
                                    Figures.ratio(size) + " (" + Figures.fileSize(png.service.bytes()) + " vs "
                                            + Figures.fileSize(png.pillow.bytes()) + ")",
                                    "≤ 1.05",
                                    size <= 1.05),
                            new Target(
                                    "PNG at default settings, " + png.photo.label() + ": time against Pillow's",
                                    Figures.ratio(time) + " (" + Figures.millis(png.service.millis()) + " vs "
                                            + Figures.millis(png.pillow.millis()) + " ms)",
                                    "≤ 1.00",
                                    time <= 1.0));
                })
                .orElse(List.of());
    }
}
