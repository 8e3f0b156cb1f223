package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsSettings;
import io.pixtools.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.util.FileSystemUtils;

/**
 * {@code ./pixtools benchmark [quick|full]}: measures the service against bare libvips, the {@code vips} CLI, Pillow
 * and ImageMagick side by side in one run (issue 16), prints the markdown and writes it between the markers of
 * {@code docs/benchmarks.md} (full) or of {@code app/target/benchmark-quick.md} (quick), or of {@code --output FILE}.
 *
 * <p>Arguments: {@code --launcher PATH} (the {@code pixtools} script, whose {@code launch} starts the packaged service; required), {@code quick} or {@code full} (the default),
 * {@code --output FILE}, {@code --photos DIR} (the corpus' source photos, Debian's mate-backgrounds by default).
 * {@code compare KEY=VALUE...} measures a change of settings instead ({@link PairedComparison}), into
 * {@code app/target/benchmark-compare.md} unless {@code --output} says otherwise; with {@code --baseline DIR}, A is
 * the service of another checkout, built there ({@code DIR/pixtools launch}): a change of code, measured the same way.
 */
public final class BenchmarkCommand {

    /** An environment variable of service B in compare: {@code PIXTOOLS_WORKERS_STANDARD_CONCURRENCY=3}. */
    private static final Pattern SETTING = Pattern.compile("[A-Z][A-Z0-9_]*=.*");

    private BenchmarkCommand() {}

    public static void main(String[] args) throws Exception {
        String mode = "full";
        boolean compare = false;
        Map<String, String> settings = new LinkedHashMap<>();
        Path launcher = null;
        Path baseline = null;
        Path output = null;
        Path photos = BenchCorpus.MATE_PHOTOS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "quick", "full" -> mode = args[i];
                case "compare" -> compare = true;
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--baseline" -> baseline = Path.of(args[++i], "pixtools");
                case "--output" -> output = Path.of(args[++i]);
                case "--photos" -> photos = Path.of(args[++i]);
                default -> {
                    if (!SETTING.matcher(args[i]).matches()) {
                        usage("unknown argument '" + args[i] + "'");
                    }
                    settings.put(
                            args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
                }
            }
        }
        if (launcher == null || !Files.isExecutable(launcher)) {
            usage("--launcher names the pixtools script, got " + launcher);
        }
        if (!compare && (!settings.isEmpty() || baseline != null)) {
            usage("settings " + settings.keySet() + " and --baseline are only for compare");
        }
        if (baseline != null && !Files.isExecutable(baseline)) {
            usage("--baseline names a checkout with its pixtools script, got " + baseline.getParent());
        }
        BenchPlan plan = BenchPlan.of(mode);
        if (output == null) {
            output = compare
                    ? Path.of("target", "benchmark-compare.md").toAbsolutePath()
                    : plan.quick()
                            ? Path.of("target", "benchmark-quick.md").toAbsolutePath()
                            : RepositoryFiles.path("docs/benchmarks.md");
        }
        String markdown = compare ? compare(plan, launcher, baseline, photos, settings) : run(plan, launcher, photos);
        System.out.println(markdown);
        BenchmarkDocument.write(output, markdown, compare ? "Paired comparison" : "Benchmark (" + mode + ")");
        Progress.say("written to " + output);
    }

    static String run(BenchPlan plan, Path launcher, Path photos) throws Exception {
        long begin = System.nanoTime();
        ExternalTools.check();
        int cores = Runtime.getRuntime().availableProcessors();
        Vips vips = Vips.initialise(VipsSettings.forServer(cores));
        MachineInfo machine = MachineInfo.probe(vips);
        Progress.say(plan.mode() + " run on " + machine.line());
        Path work = Files.createTempDirectory("pixtools-benchmark-");
        try {
            BenchCorpus corpus = new BenchCorpus(vips, photos, work);
            List<OperationTimes.Row> conversions = new ArrayList<>();
            OperationTimes times = new OperationTimes(vips, work);
            for (BenchPlan.TimedSize size : plan.sizes()) {
                conversions.addAll(times.measure(size.photo(), corpus.file(size.photo()), size.runs()));
            }
            Services services = new Services(launcher, work);
            List<JobThroughput.Result> throughput = JobThroughput.measure(plan, services, corpus, vips, work);
            List<IntakeCapacity.Result> intake = IntakeCapacity.measure(plan, services, corpus);
            MemoryUse.Result memory = MemoryUse.measure(plan, services, corpus);
            StartUp.Result startUp = StartUp.measure(plan, services);
            return new BenchmarkReport(
                            machine,
                            plan,
                            corpusNote(plan, corpus),
                            conversions,
                            throughput,
                            intake,
                            memory,
                            startUp,
                            services.machineStates(),
                            services.problems(),
                            Duration.ofNanos(System.nanoTime() - begin))
                    .markdown();
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    static String compare(BenchPlan plan, Path launcher, Path baseline, Path photos, Map<String, String> settings)
            throws Exception {
        Vips vips = Vips.initialise(VipsSettings.forServer(Runtime.getRuntime().availableProcessors()));
        MachineInfo machine = MachineInfo.probe(vips);
        Path work = Files.createTempDirectory("pixtools-compare-");
        try {
            BenchCorpus corpus = new BenchCorpus(vips, photos, work);
            Services services = new Services(launcher, work);
            return PairedComparison.measure(plan, services, baseline, corpus, machine, settings)
                    .markdown();
        } finally {
            FileSystemUtils.deleteRecursively(work);
        }
    }

    static String corpusNote(BenchPlan plan, BenchCorpus corpus) throws Exception {
        List<String> sizes = new ArrayList<>();
        for (BenchPlan.TimedSize size : plan.sizes()) {
            sizes.add(corpus.describe(size.photo()) + ", " + size.runs() + " runs");
        }
        return "Corpus: mosaics of the photos in `" + corpus.source() + "`, each resized down to its cell (no pixel"
                + " invented), saved as JPEG quality 90: " + String.join("; ", sizes) + ".";
    }

    private static void usage(String problem) {
        throw new IllegalArgumentException(problem
                + "\nusage: BenchmarkCommand --launcher ./pixtools [quick|full] [--output FILE] [--photos DIR]"
                + "\n       BenchmarkCommand --launcher ./pixtools compare [quick] [--baseline DIR] KEY=VALUE..."
                + " [--output FILE]");
    }
}
