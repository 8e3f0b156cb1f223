package io.pixtools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 5: from the process's start to its first 200 on {@code /api/health}, for every start of the jar with every
 * role and a fresh data directory in this run (the throughput and memory services, and {@code dedicatedStarts} more
 * that only start), started as {@code ./pixtools launch} starts it ({@link ServiceUnderTest#jvmOptions}).
 */
final class StartUp {

    private StartUp() {}

    record Result(List<Duration> starts) {

        double medianSeconds() {
            return Figures.median(
                    starts.stream().map(d -> d.toMillis() / 1000.0).toList());
        }
    }

    static Result measure(BenchPlan plan, Services services) throws Exception {
        for (int i = 0; i < plan.dedicatedStarts(); i++) {
            try (ServiceUnderTest service = services.start("start-" + (i + 1))) {
                Progress.say("start-up " + (i + 1) + ": " + service.startUp().toMillis() + " ms");
            }
        }
        return new Result(services.startUps());
    }

    static String markdown(Result r) {
        List<String> each = new ArrayList<>();
        r.starts.forEach(d -> each.add(Figures.seconds(d.toMillis() / 1000.0)));
        MarkdownTable table = new MarkdownTable("starts", "median s", "each s", "JVM options");
        table.row(
                r.starts.size(),
                Figures.seconds(r.medianSeconds()),
                String.join(", ", each),
                String.join(" ", ServiceUnderTest.jvmOptions()));
        return table.toString();
    }

    static List<Target> targets(Result r) {
        double median = r.medianSeconds();
        return List.of(new Target(
                "start-up to a healthy /api/health from the jar (median of " + r.starts.size() + ")",
                Figures.seconds(median) + " s",
                "< 3 s",
                median < 3));
    }
}
