package io.pixtools.bench;

import io.pixtools.processors.convert.ConvertOperation;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the cores can do without the service: the conversions of a {@code ["jpg","webp"]} job as pairs, with the
 * service's default saver options, from as many parallel workers as there are cores. Each conversion decodes the
 * photo, as each of a job's operations does. The rate is pairs per second, comparable with the service's jobs per
 * second.
 */
final class BareBaselines {

    private static final List<Operation> PAIR = List.of(Operation.JPG, Operation.WEBP);

    private BareBaselines() {}

    /** Bare in-process libvips ({@link Vips#open} with sequential access, {@link Vips#write}) in {@code threads} threads. */
    static double inProcessPairsPerSecond(Vips vips, Path photo, Path work, int threads, int pairs) throws Exception {
        List<String> options = saveOptions();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                int share = share(pairs, threads, t);
                running.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        for (int k = 0; k < PAIR.size(); k++) {
                            try (VipsImage image = vips.open(OperationTimes.sequential(photo))) {
                                vips.write(image, output(work, "bare", thread, PAIR.get(k)), options.get(k));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        return pairs / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code vips copy} to each format, one process per conversion, in {@code loops} parallel shell loops. */
    static double cliPairsPerSecond(Path photo, Path work, int loops, int pairs) throws Exception {
        List<String> options = saveOptions();
        // The loop gets its paths as arguments, so that no path or option is quoted for the shell.
        String script =
                "for i in $(seq \"$1\"); do \"$2\" copy \"$3\" \"$4\" && \"$2\" copy \"$3\" \"$5\" || exit 1; done";
        List<Process> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int loop = 0; loop < loops; loop++) {
            running.add(new ProcessBuilder(
                            "bash",
                            "-c",
                            script,
                            "loop",
                            String.valueOf(share(pairs, loops, loop)),
                            ExternalTools.VIPS.toString(),
                            photo.toString(),
                            output(work, "cli", loop, Operation.JPG) + "[" + options.get(0) + "]",
                            output(work, "cli", loop, Operation.WEBP) + "[" + options.get(1) + "]")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start());
        }
        for (Process process : running) {
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("a vips copy loop failed");
            }
        }
        return pairs / ((System.nanoTime() - start) / 1e9);
    }

    private static List<String> saveOptions() {
        return PAIR.stream()
                .map(op -> ConvertOperation.saveOptions(OperationTimes.defaults(op)))
                .toList();
    }

    /** Worker {@code index}'s share of {@code total}, spread as evenly as possible. */
    private static int share(int total, int workers, int index) {
        return total / workers + (index < total % workers ? 1 : 0);
    }

    private static Path output(Path work, String who, int worker, Operation format) {
        return work.resolve("pair-" + who + "-" + worker + "." + format.id());
    }
}
