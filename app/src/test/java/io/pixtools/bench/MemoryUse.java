package io.pixtools.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Section 4: resident memory of a fresh service (every role), from {@code /proc/<pid>/status}: {@code VmRSS} a few
 * seconds after its first healthy answer, the peak ({@code VmHWM}) of its start-up, and the peak of the whole process
 * after one job of {@code ["jpg","webp","png"]} on the largest photo (50 MP in the full run).
 */
final class MemoryUse {

    private static final long IDLE_TARGET = 300L << 20;
    private static final long JOB_TARGET = 600L << 20;

    private MemoryUse() {}

    record Result(String photo, long idle, long startPeak, long jobPeak, LoadRun job) {}

    static Result measure(BenchPlan plan, Services services, BenchCorpus corpus) throws Exception {
        Path photo = corpus.file(plan.memoryPhoto());
        String described = corpus.describe(plan.memoryPhoto());
        try (ServiceUnderTest service = services.start("memory")) {
            Thread.sleep(plan.idleWait().toMillis());
            long idle = service.residentBytes();
            long startPeak = service.peakResidentBytes();
            Progress.say("memory: one job " + Figures.operations(BenchPlan.JPG_WEBP_PNG) + " on " + described);
            LoadRun job = new LoadGenerator(service.baseUrl(), BenchPlan.JPG_WEBP_PNG, photo).jobs(1, 1);
            return new Result(described, idle, startPeak, service.peakResidentBytes(), job);
        }
    }

    static String markdown(Result r, BenchPlan plan) {
        MarkdownTable table = new MarkdownTable("what", "MB");
        table.row("resident (VmRSS), " + plan.idleWait().toSeconds() + " s after a healthy start", mb(r.idle));
        table.row("peak (VmHWM) during start-up", mb(r.startPeak));
        table.row(
                "peak (VmHWM) of the process after one job " + Figures.operations(BenchPlan.JPG_WEBP_PNG) + " on "
                        + r.photo,
                mb(r.jobPeak));
        String job = r.job.completed() == 1 ? "" : "\nThe job did not complete: " + r.job.otherOutcomes() + ".\n";
        return table + job;
    }

    static List<Target> targets(Result r, BenchPlan plan) {
        return List.of(
                new Target("resident memory, idle after start", mb(r.idle) + " MB", "< 300 MB", r.idle < IDLE_TARGET),
                new Target(
                        "peak resident memory after one " + plan.memoryPhoto().label() + " job "
                                + Figures.operations(BenchPlan.JPG_WEBP_PNG),
                        mb(r.jobPeak) + " MB",
                        "< 600 MB",
                        r.jobPeak < JOB_TARGET && r.job.completed() == 1));
    }

    private static String mb(long bytes) {
        return String.valueOf(Math.round(bytes / (1024.0 * 1024.0)));
    }
}
