package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 2: jobs per second of the whole service (the jar, embedded default, every role) against the bare
 * conversions on the same cores, measured right before and right after the service in the same run. Small photos
 * against bare in-process libvips, large ones against {@code vips copy} loops. The service gets a few jobs to warm up
 * first, which are not counted; the load generator shares the cores with it.
 */
final class JobThroughput {

    private JobThroughput() {}

    /** One row: the service's run and the baseline's rate before and after it. */
    record Result(
            String name,
            String photo,
            BenchPlan.JobLoad load,
            LoadRun run,
            String baseline,
            double before,
            double after,
            double target) {

        double baselineRate() {
            return (before + after) / 2;
        }

        double ratio() {
            return run.perSecond() / baselineRate();
        }
    }

    static List<Result> measure(BenchPlan plan, Services services, BenchCorpus corpus, Vips vips, Path work)
            throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Result> results = new ArrayList<>();
        try (ServiceUnderTest service = services.start("throughput")) {
            BenchPlan.JobLoad small = plan.small();
            Path smallPhoto = corpus.file(small.photo());
            LoadGenerator smallJobs = new LoadGenerator(service.baseUrl(), small.operations(), smallPhoto);
            Progress.say("throughput: " + plan.warmUpJobs() + " warm-up jobs");
            smallJobs.jobs(plan.warmUpJobs(), small.clients());

            Progress.say("throughput, small: bare libvips pairs before");
            double before = BareBaselines.inProcessPairsPerSecond(vips, smallPhoto, work, cores, small.jobs());
            Progress.say("throughput, small: " + small.jobs() + " jobs from " + small.clients() + " clients");
            LoadRun smallRun = smallJobs.jobs(small.jobs(), small.clients());
            Progress.say("throughput, small: bare libvips pairs after");
            double after = BareBaselines.inProcessPairsPerSecond(vips, smallPhoto, work, cores, small.jobs());
            results.add(new Result(
                    "small",
                    corpus.describe(small.photo()),
                    small,
                    smallRun,
                    "bare in-process libvips, " + cores + " threads",
                    before,
                    after,
                    0.80));

            BenchPlan.JobLoad large = plan.large();
            Path largePhoto = corpus.file(large.photo());
            Progress.say("throughput, large: vips copy loops before");
            before = BareBaselines.cliPairsPerSecond(largePhoto, work, cores, large.jobs());
            Progress.say("throughput, large: " + large.jobs() + " jobs from " + large.clients() + " clients");
            LoadRun largeRun = new LoadGenerator(service.baseUrl(), large.operations(), largePhoto)
                    .jobs(large.jobs(), large.clients());
            Progress.say("throughput, large: vips copy loops after");
            after = BareBaselines.cliPairsPerSecond(largePhoto, work, cores, large.jobs());
            results.add(new Result(
                    "large",
                    corpus.describe(large.photo()),
                    large,
                    largeRun,
                    "`vips copy`, " + cores + " parallel shell loops",
                    before,
                    after,
                    0.90));
        }
        return results;
    }

    static String markdown(List<Result> results) {
        MarkdownTable table = new MarkdownTable(
                "run",
                "photo",
                "operations",
                "jobs × clients",
                "completed",
                "service jobs/s",
                "baseline",
                "baseline pairs/s before",
                "baseline pairs/s after",
                "service/baseline",
                "target");
        StringBuilder notes = new StringBuilder();
        for (Result r : results) {
            table.row(
                    r.name,
                    r.photo,
                    Figures.operations(r.load.operations()),
                    r.load.jobs() + " × " + r.load.clients(),
                    r.run.completed(),
                    Figures.rate(r.run.perSecond()),
                    r.baseline,
                    Figures.rate(r.before),
                    Figures.rate(r.after),
                    Figures.ratio(r.ratio()),
                    "≥ " + Figures.ratio(r.target));
            if (!r.run.otherOutcomes().isEmpty()) {
                notes.append("\n")
                        .append(r.name)
                        .append(": jobs that did not complete: ")
                        .append(r.run.otherOutcomes())
                        .append(".\n");
            }
            notes.append(String.format(
                    "%n%s: upload to finished job p50 %d ms, p99 %d ms; 202 p50 %d ms, p99 %d ms.%n",
                    r.name,
                    LoadRun.percentileMillis(r.run.finished(), 50),
                    LoadRun.percentileMillis(r.run.finished(), 99),
                    LoadRun.percentileMillis(r.run.accepted(), 50),
                    LoadRun.percentileMillis(r.run.accepted(), 99)));
        }
        return table + notes.toString();
    }

    static List<Target> targets(List<Result> results) {
        return results.stream()
                .map(r -> new Target(
                        r.load.photo().label() + " photos, " + Figures.operations(r.load.operations()) + ", "
                                + r.load.jobs() + " jobs × " + r.load.clients() + " clients, against " + r.baseline,
                        Figures.ratio(r.ratio()) + " (" + Figures.rate(r.run.perSecond()) + " jobs/s vs "
                                + Figures.rate(r.baselineRate()) + " pairs/s)",
                        "≥ " + Figures.ratio(r.target),
                        r.ratio() >= r.target && r.run.completed() == r.run.count()))
                .toList();
    }
}
