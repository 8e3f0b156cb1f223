package io.pixtools.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Section 3: uploads per second and the latency of the 202 with 1, 8 and 32 clients back to back, each client
 * uploading again as soon as its 202 arrives. The service runs the api role only ({@code PIXTOOLS_ROLES=api}), so no
 * worker competes for the cores: the tasks wait in the in-JVM queue, whose capacity (10 000 tasks by default) holds
 * every task of the run, so none is refused for room. A few uploads warm it up first, not counted.
 */
final class IntakeCapacity {

    static final List<String> OPERATIONS = BenchPlan.JPG_WEBP;

    private IntakeCapacity() {}

    record Result(String upload, BenchPlan.UploadLoad load, LoadRun run) {}

    static List<Result> measure(BenchPlan plan, Services services, BenchCorpus corpus) throws Exception {
        int tasks =
                plan.intake().stream().mapToInt(BenchPlan.UploadLoad::uploads).sum() + plan.intakeWarmUp();
        if (tasks * OPERATIONS.size() > 10_000) {
            throw new IllegalStateException("the intake run would fill the in-JVM queue: raise its capacity");
        }
        Path photo = corpus.file(plan.intakeUpload());
        String upload = corpus.describe(plan.intakeUpload());
        List<Result> results = new ArrayList<>();
        try (ServiceUnderTest service = services.start("intake", Map.of("PIXTOOLS_ROLES", "api"))) {
            LoadGenerator uploads = new LoadGenerator(service.baseUrl(), OPERATIONS, photo);
            Progress.say("intake: " + plan.intakeWarmUp() + " warm-up uploads");
            uploads.uploads(plan.intakeWarmUp(), 4);
            for (BenchPlan.UploadLoad load : plan.intake()) {
                Progress.say("intake: " + load.uploads() + " uploads from " + load.clients() + " clients");
                results.add(new Result(upload, load, uploads.uploads(load.uploads(), load.clients())));
            }
        }
        return results;
    }

    static String markdown(List<Result> results) {
        MarkdownTable table =
                new MarkdownTable("upload", "clients", "uploads", "answered 202", "uploads/s", "p50 ms", "p99 ms");
        StringBuilder notes = new StringBuilder();
        for (Result r : results) {
            table.row(
                    r.upload,
                    r.load.clients(),
                    r.load.uploads(),
                    r.run.succeeded(),
                    Figures.rate(r.run.perSecond()),
                    LoadRun.percentileMillis(r.run.accepted(), 50),
                    LoadRun.percentileMillis(r.run.accepted(), 99));
            if (!r.run.otherOutcomes().isEmpty()) {
                notes.append("\n")
                        .append(r.load.clients())
                        .append(" clients: other answers ")
                        .append(r.run.otherOutcomes())
                        .append(".\n");
            }
        }
        return table + notes.toString();
    }

    /** The targets at the most clients measured (32 in the full run). */
    static List<Target> targets(List<Result> results) {
        Result most = results.getLast();
        double rate = most.run.perSecond();
        long p99 = LoadRun.percentileMillis(most.run.accepted(), 99);
        boolean allAccepted = most.run.succeeded() == most.run.count();
        String what = "intake, " + most.load.clients() + " clients back to back: ";
        return List.of(
                new Target(what + "uploads/s", Figures.rate(rate), "≥ 150", rate >= 150 && allAccepted),
                new Target(what + "p99 of the 202", p99 + " ms", "< 300 ms", p99 < 300 && allAccepted));
    }
}
