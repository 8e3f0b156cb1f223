package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsSettings;
import io.pixtools.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.FileSystemUtils;

/**
 * {@code ./pixtools benchmark [quick|full]}: measures the service against bare libvips, the {@code vips} CLI, Pillow
 * and ImageMagick side by side in one run (issue 16), prints the markdown and writes it between the markers of
 * {@code docs/benchmarks.md} (full) or of {@code app/target/benchmark-quick.md} (quick), or of {@code --output FILE}.
 *
 * <p>Arguments: {@code --launcher PATH} (the {@code pixtools} script, whose {@code launch} starts the packaged service; required), {@code quick} or {@code full} (the default),
 * {@code --output FILE}, {@code --photos DIR} (the corpus' source photos, Debian's mate-backgrounds by default).
 */
public final class BenchmarkCommand {

    private BenchmarkCommand() {}

    public static void main(String[] args) throws Exception {
        String mode = "full";
        Path launcher = null;
        Path output = null;
        Path photos = BenchCorpus.MATE_PHOTOS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "quick", "full" -> mode = args[i];
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                case "--photos" -> photos = Path.of(args[++i]);
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (launcher == null || !Files.isExecutable(launcher)) {
            usage("--launcher names the pixtools script, got " + launcher);
        }
        BenchPlan plan = BenchPlan.of(mode);
        if (output == null) {
            output = plan.quick()
                    ? Path.of("target", "benchmark-quick.md").toAbsolutePath()
                    : RepositoryFiles.path("docs/benchmarks.md");
        }
        String markdown = run(plan, launcher, photos);
        System.out.println(markdown);
        BenchmarkDocument.write(output, markdown, "Benchmark (" + mode + ")");
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
                + "\nusage: BenchmarkCommand --launcher ./pixtools [quick|full] [--output FILE]"
                + " [--photos DIR]");
    }
}
