package io.pixtools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The markdown of one run: a header line, the five measurements, the targets of issue 16 and what went wrong. */
record BenchmarkReport(
        MachineInfo machine,
        BenchPlan plan,
        String corpus,
        List<OperationTimes.Row> conversions,
        List<JobThroughput.Result> throughput,
        List<IntakeCapacity.Result> intake,
        MemoryUse.Result memory,
        StartUp.Result startUp,
        List<MachineState> machineStates,
        List<String> problems,
        Duration took) {

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        targets.addAll(JobThroughput.targets(throughput));
        targets.addAll(IntakeCapacity.targets(intake));
        targets.addAll(MemoryUse.targets(memory, plan));
        targets.addAll(StartUp.targets(startUp));
        targets.addAll(OperationTimes.targets(conversions));
        return targets;
    }

    /** The services' ERROR lines, and every job or upload that did not end as it should. */
    List<String> allProblems() {
        List<String> all = new ArrayList<>(problems);
        throughput.stream()
                .filter(r -> !r.run().otherOutcomes().isEmpty())
                .forEach(r -> all.add("throughput, " + r.name() + ": " + r.run().otherOutcomes()));
        intake.stream()
                .filter(r -> !r.run().otherOutcomes().isEmpty())
                .forEach(r -> all.add(
                        "intake, " + r.load().clients() + " clients: " + r.run().otherOutcomes()));
        if (!memory.job().otherOutcomes().isEmpty()) {
            all.add("memory job: " + memory.job().otherOutcomes());
        }
        return all;
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("## Side by side: `./pixtools benchmark")
                .append(plan.quick() ? " quick" : "")
                .append("`\n\n");
        out.append(machine.line()).append("\n\n");
        out.append("""
                Ratios are the result; absolute times are context (the machine may be shared and noisy). Times are \
                medians of the runs after warming up (three runs in-process, one for the other tools); the service is \
                the packaged jar on the embedded default, started fresh for each part, with the load generator on the \
                same cores.
                """);
        if (plan.quick()) {
            out.append("\n**Quick mode**: a tiny corpus and small counts, to check that the command works; not a"
                    + " measurement.\n");
        }

        out.append("\n### 1. Conversions per operation and size\n\n")
                .append(corpus)
                .append("\n\n");
        out.append("""
                *service*: `ConvertOperation#convert` with the operation's default options, in-process (what a \
                worker runs, without queue or storage); *bare libvips*: `Vips#open` (sequential access, as the CLI) + \
                `Vips#write` with the same saver options; *vips CLI*: `vips copy in out.ext[same options]`, one process per run, so its time \
                includes starting the process; *Pillow*: one `/usr/bin/python3` process timing open + save of each \
                run (JPEG quality 85 optimize, PNG compress_level 6, WebP quality 80 method 4); *ImageMagick*: \
                `/usr/bin/convert in -quality Q out`, one process per run (Q 85, 55 = zlib 5 with adaptive filter, \
                80, 50). Sizes are of the output file; bare libvips and the CLI write the same bytes as the service.

                """);
        out.append(OperationTimes.markdown(conversions));

        out.append("\n### 2. End-to-end throughput\n\n");
        out.append("""
                Jobs per second of the service against the same conversions (jpg and webp with the service's default \
                options) without it on the same cores, measured right before and right after the service. \
                Not counted: %d warm-up jobs (a fresh JVM's JIT compiler takes a sixth to a third of the CPU for about \
                the first thousand; these are the figures of a warm service). Each client uploads, asks for the job with \
                `GET /api/jobs/{id}?wait=30` (answered when it has finished), then uploads the next.

                """.formatted(plan.warmUpJobs()));
        out.append(JobThroughput.markdown(throughput));

        out.append("\n### 3. Intake\n\n");
        out.append("""
                Uploads of `["jpg","webp"]` jobs with the api role only (`PIXTOOLS_ROLES=api`: no worker takes the \
                tasks, which wait in the in-JVM queue, capacity 10 000 by default, enough for the run); each client \
                uploads again as soon as its 202 arrives. Not counted: %d warm-up uploads. Latency is to the 202.

                """.formatted(plan.intakeWarmUp()));
        out.append(IntakeCapacity.markdown(intake));

        out.append("\n### 4. Memory\n\n");
        out.append("A fresh service with every role; `/proc/<pid>/status` of the java process.\n\n");
        out.append(MemoryUse.markdown(memory, plan));

        out.append("\n### 5. Start-up\n\n");
        out.append("""
                From the process's start to its first 200 on `/api/health`, for each start of the jar with every \
                role and a fresh data directory in this run.

                """);
        out.append(StartUp.markdown(startUp));

        out.append("\n### 6. Targets of issue 16\n\n");
        out.append(Target.markdown(targets()));

        out.append("\n### The machine during the run\n\n");
        out.append("""
                Creating a file and writing a new one, where each service keeps its data, just before it started. The \
                service pays both on every upload and output; the bare baselines, which rewrite one file, do not. On \
                the machine of the eighth round in docs/benchmarks.md, both moved 20 to 40 times from minute to minute.

                """);
        out.append(MachineState.markdown(machineStates));

        out.append("\n### Problems seen during the run\n\n");
        List<String> problems = allProblems();
        if (problems.isEmpty()) {
            out.append("None: no ERROR line in any service log, and every job and upload ended as it should.\n");
        } else {
            problems.forEach(p -> out.append("- ").append(p).append('\n'));
        }
        out.append("\nThe run took ")
                .append(Figures.seconds(took.toMillis() / 60_000.0))
                .append(" min.\n");
        return out.toString();
    }
}
