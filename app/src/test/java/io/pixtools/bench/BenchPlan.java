package io.pixtools.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much the benchmark command measures. {@code full} is the measurement (about 6 minutes on 2 cores);
 * {@code quick} runs every section on the 0.25 MP photo with small counts, to check that the command works (about a
 * minute, most of it starting the service).
 */
record BenchPlan(
        String mode,
        List<TimedSize> sizes,
        JobLoad small,
        JobLoad large,
        int warmUpJobs,
        CorpusPhoto intakeUpload,
        List<UploadLoad> intake,
        int intakeWarmUp,
        CorpusPhoto memoryPhoto,
        Duration idleWait,
        int dedicatedStarts) {

    /** A corpus size of the per-operation table and the runs of each measurement on it (the median is kept). */
    record TimedSize(CorpusPhoto photo, int runs) {}

    /** {@code jobs} jobs of {@code operations} on {@code photo} from {@code clients} clients. */
    record JobLoad(CorpusPhoto photo, List<String> operations, int jobs, int clients) {}

    /** {@code uploads} uploads from {@code clients} clients. */
    record UploadLoad(int clients, int uploads) {}

    static final List<String> JPG_WEBP = List.of("jpg", "webp");
    static final List<String> JPG_WEBP_PNG = List.of("jpg", "webp", "png");

    static BenchPlan of(String mode) {
        return switch (mode) {
            case "full" ->
                new BenchPlan(
                        "full",
                        List.of(
                                new TimedSize(CorpusPhoto.QUARTER_MP, 15),
                                new TimedSize(CorpusPhoto.TWO_MP, 9),
                                new TimedSize(CorpusPhoto.TWELVE_MP, 5)),
                        new JobLoad(CorpusPhoto.QUARTER_MP, JPG_WEBP, 200, 8),
                        new JobLoad(CorpusPhoto.TWELVE_MP, JPG_WEBP, 12, 4),
                        // A fresh JVM's JIT compiler takes a sixth to a third of the CPU for the first thousand or
                        // so jobs: the figures are of a warm service, as it runs most of its life.
                        800,
                        CorpusPhoto.TWO_MB_UPLOAD,
                        List.of(new UploadLoad(1, 50), new UploadLoad(8, 200), new UploadLoad(32, 300)),
                        // The intake path takes longer to compile: with C1 alone, the api role's CPU per 2 MB upload
                        // kept falling (12.8 to 6.5 ms) until about 2,000 uploads, while new compilations went on.
                        2000,
                        CorpusPhoto.FIFTY_MP,
                        Duration.ofSeconds(5),
                        // With the throughput and memory services' starts, a median of 5: one start moves by a
                        // second with this machine's load.
                        3);
            case "quick" ->
                new BenchPlan(
                        "quick",
                        List.of(new TimedSize(CorpusPhoto.QUARTER_MP, 2)),
                        new JobLoad(CorpusPhoto.QUARTER_MP, JPG_WEBP, 10, 2),
                        new JobLoad(CorpusPhoto.QUARTER_MP, JPG_WEBP, 4, 2),
                        2,
                        CorpusPhoto.QUARTER_MP,
                        List.of(new UploadLoad(1, 20), new UploadLoad(4, 20)),
                        4,
                        CorpusPhoto.QUARTER_MP,
                        Duration.ofSeconds(3),
                        0);
            default -> throw new IllegalArgumentException("mode is quick or full, not '" + mode + "'");
        };
    }

    boolean quick() {
        return mode.equals("quick");
    }
}
