package io.pixtools.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * {@code ./pixtools benchmark compare KEY=VALUE ...}: what a change of settings does to the service's CPU time per job,
 * as a ratio that the machine's speed does not move. Two services run at once on the same cores: A with the defaults,
 * B with the settings (environment variables: {@code PIXTOOLS_...}, {@code SPRING_...}; JVM options in
 * {@code PIXTOOLS_JVM_OPTIONS}, which come after {@code app/jvm.options}). Each is loaded by its own clients with the
 * small-job load of the throughput section, at the same time, and each round counts the CPU time each process used
 * for its jobs. The launcher runs in the repository's root, so a
 * relative path in a setting names a file there; {@code ${pixtools.data-dir}} names B's own data directory, for
 * example {@code SPRING_DATASOURCE_URL=jdbc:h2:file:${pixtools.data-dir}/db/pixtools;...}.
 * <p>
 * On a shared machine whose speed moves by 10 to 25 % from one minute to the next, runs one after the other cannot
 * show a change of a few percent; two services loaded at once see the same minutes (see docs/benchmarks.md).
 * <p>
 * A change of code is measured the same way: A is then another checkout's build ({@code --baseline DIR}), B this one's.
 */
final class PairedComparison {

    private PairedComparison() {}

    /** One round: each service's jobs and the CPU seconds its process used meanwhile. */
    record Round(LoadRun a, double cpuSecondsA, LoadRun b, double cpuSecondsB) {

        double millisPerJobA() {
            return 1000 * cpuSecondsA / a.count();
        }

        double millisPerJobB() {
            return 1000 * cpuSecondsB / b.count();
        }

        double ratio() {
            return millisPerJobB() / millisPerJobA();
        }
    }

    record Result(
            MachineInfo machine,
            String photo,
            BenchPlan.JobLoad load,
            int clientsEach,
            int warmUpJobs,
            Map<String, String> settings,
            String baseline,
            List<Round> rounds) {

        String markdown() {
            String changed = settings.entrySet().stream()
                    .map(setting -> "`" + setting.getKey() + "=" + setting.getValue() + "`")
                    .collect(Collectors.joining(", "));
            StringBuilder out = new StringBuilder("## Paired comparison: `./pixtools benchmark compare`\n\n");
            out.append(machine.line()).append("\n\n");
            out.append("A: ")
                    .append(baseline == null ? "the embedded default" : "the embedded default of " + baseline)
                    .append(". B: ")
                    .append(baseline == null ? "the same" : "this checkout's")
                    .append(" with ")
                    .append(changed.isEmpty() ? "nothing changed" : changed)
                    .append(". Both started fresh at once and warmed with ")
                    .append(warmUpJobs)
                    .append(" jobs each, then loaded at the same time, each by ")
                    .append(clientsEach)
                    .append(clientsEach == 1 ? " client with " : " clients with ")
                    .append(Figures.operations(load.operations()))
                    .append(" jobs on the ")
                    .append(photo)
                    .append(": ")
                    .append(rounds.size())
                    .append(" rounds of ")
                    .append(load.jobs())
                    .append(" jobs each. CPU is the")
                    .append(" process's user and system time during the round, per job.\n\n");
            MarkdownTable table = new MarkdownTable(
                    "round", "A jobs/s", "A CPU ms per job", "B jobs/s", "B CPU ms per job", "B/A CPU per job");
            List<String> unfinished = new ArrayList<>();
            for (int i = 0; i < rounds.size(); i++) {
                Round round = rounds.get(i);
                table.row(
                        i + 1,
                        Figures.rate(round.a().perSecond()),
                        Figures.millis(round.millisPerJobA()),
                        Figures.rate(round.b().perSecond()),
                        Figures.millis(round.millisPerJobB()),
                        String.format(Locale.ROOT, "%.3f", round.ratio()));
                if (round.a().completed() < round.a().count()
                        || round.b().completed() < round.b().count()) {
                    unfinished.add("round " + (i + 1) + ": A " + round.a().otherOutcomes() + ", B "
                            + round.b().otherOutcomes());
                }
            }
            DoubleSummaryStatistics ratios =
                    rounds.stream().mapToDouble(Round::ratio).summaryStatistics();
            out.append(table).append('\n');
            out.append(String.format(
                    Locale.ROOT,
                    "B/A CPU per job: median %.3f, from %.3f to %.3f. Below 1, B costs less CPU per job.%n",
                    Figures.median(rounds.stream().map(Round::ratio).toList()),
                    ratios.getMin(),
                    ratios.getMax()));
            if (!unfinished.isEmpty()) {
                out.append("\nJobs that did not complete: ")
                        .append(String.join("; ", unfinished))
                        .append(".\n");
            }
            return out.toString();
        }
    }

    /** A is started by {@code baseline}, another checkout's launcher, or by this one's when null; B by this one's. */
    static Result measure(
            BenchPlan plan,
            Services services,
            Path baseline,
            BenchCorpus corpus,
            MachineInfo machine,
            Map<String, String> settings)
            throws Exception {
        BenchPlan.JobLoad load = plan.small();
        Path photo = corpus.file(load.photo());
        int clientsEach = Math.max(1, load.clients() / 2);
        int roundCount = plan.quick() ? 2 : 5;
        List<Round> rounds = new ArrayList<>();
        try (ServiceUnderTest a = services.start("compare-a", Map.of(), baseline);
                ServiceUnderTest b = services.start("compare-b", settings);
                ExecutorService clients = Executors.newFixedThreadPool(2)) {
            LoadGenerator loadA = new LoadGenerator(a.baseUrl(), load.operations(), photo);
            LoadGenerator loadB = new LoadGenerator(b.baseUrl(), load.operations(), photo);
            Progress.say("compare: " + plan.warmUpJobs() + " warm-up jobs each");
            atOnce(clients, loadA, loadB, plan.warmUpJobs(), clientsEach);
            for (int i = 1; i <= roundCount; i++) {
                Progress.say("compare: round " + i + " of " + roundCount);
                double cpuA = a.cpuSeconds();
                double cpuB = b.cpuSeconds();
                LoadRun[] runs = atOnce(clients, loadA, loadB, load.jobs(), clientsEach);
                rounds.add(new Round(runs[0], a.cpuSeconds() - cpuA, runs[1], b.cpuSeconds() - cpuB));
            }
        }
        String baselineName = baseline == null ? null : describe(baseline.getParent());
        return new Result(
                machine,
                corpus.describe(load.photo()),
                load,
                clientsEach,
                plan.warmUpJobs(),
                settings,
                baselineName,
                rounds);
    }

    /** A checkout by its place and commit: {@code /tmp/base (facd6d4)}. */
    private static String describe(Path checkout) throws Exception {
        Process git = new ProcessBuilder("git", "-C", checkout.toString(), "rev-parse", "--short", "HEAD")
                .redirectErrorStream(true)
                .start();
        String commit = new String(git.getInputStream().readAllBytes()).strip();
        return "`" + checkout + "`" + (git.waitFor() == 0 ? " (" + commit + ")" : "");
    }

    private static LoadRun[] atOnce(ExecutorService clients, LoadGenerator a, LoadGenerator b, int jobs, int each)
            throws Exception {
        Future<LoadRun> runA = clients.submit(() -> a.jobs(jobs, each));
        Future<LoadRun> runB = clients.submit(() -> b.jobs(jobs, each));
        return new LoadRun[] {runA.get(), runB.get()};
    }
}
