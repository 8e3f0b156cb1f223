package io.pixtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixtools.processors.vips.Vips;
import io.pixtools.testing.RepositoryFiles;
import io.pixtools.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command's report, from its in-process parts on a tiny photo: the conversions against bare libvips, the
 * {@code vips} CLI, Pillow and ImageMagick, and both baselines of the throughput, for real; the parts that need the
 * packaged service (jobs, intake, memory, start-up) from made-up runs. Asserts that every row has its numbers, never
 * what they are: benchmarks are not timed tests. {@code ./pixtools benchmark quick} runs the whole command.
 */
class BenchmarkCommandTests {

    private static final CorpusPhoto TINY = new CorpusPhoto("tiny", 160, 120, 90);
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    /** Columns that hold words; every other cell is a number. */
    private static final Set<String> TEXT_COLUMNS = Set.of(
            "op",
            "size",
            "run",
            "photo",
            "operations",
            "jobs × clients",
            "baseline",
            "target",
            "upload",
            "what",
            "each s",
            "JVM options",
            "measured",
            "met",
            "before",
            "creating an empty file",
            "writing a new file");
    /** Where a tool may lack a format (Pillow 9.4 has no AVIF, some ImageMagick builds neither). */
    private static final Set<String> TOOL_COLUMNS =
            Set.of("Pillow ms", "Pillow KB", "ImageMagick ms", "ImageMagick KB");

    @TempDir
    Path work;

    @Test
    void everyRowOfTheReportHasItsNumbers() throws Exception {
        String markdown = reportOnATinyPhoto().markdown();

        List<Table> tables = Table.allIn(markdown);
        assertThat(tables)
                .extracting(t -> t.header.getFirst())
                .as("conversions, throughput, intake, memory, start-up, targets, the machine")
                .containsExactly("op", "run", "upload", "what", "starts", "what", "before");
        assertThat(tables.getFirst().rows).as("one row per format").hasSize(4);
        assertThat(tables.get(5).rows).as("a row per target of issue 16").hasSize(9);
        assertThat(tables.getLast().rows)
                .as("the machine before the service started")
                .singleElement()
                .satisfies(row -> assertThat(row.get(1)).matches("\\d+ µs"))
                .satisfies(row -> assertThat(row.get(2)).matches("\\d+\\.\\d\\d ms per MB"));
        for (Table table : tables) {
            for (List<String> row : table.rows) {
                assertThat(row).as("a row of the table headed %s", table.header).hasSameSizeAs(table.header);
                for (int i = 0; i < row.size(); i++) {
                    String column = table.header.get(i);
                    String cell = row.get(i);
                    if (column.equals("measured")) {
                        assertThat(cell).as("a measured target %s", row).matches("\\d+(\\.\\d+)?( .*)?");
                    } else if (column.equals("met")) {
                        assertThat(cell).isIn("yes", "no");
                    } else if (!TEXT_COLUMNS.contains(column)
                            && !(TOOL_COLUMNS.contains(column)
                                    && row.getFirst().equals("avif")
                                    && cell.equals("n/a"))) {
                        assertThat(cell).as("%s in %s", column, row).matches(NUMBER);
                    }
                }
            }
        }
        assertThat(markdown)
                .as("the header line names every version measured")
                .containsPattern(
                        "UTC · commit \\w+.* · .+, \\d+ cores · JDK \\d.* · libvips \\d.* · Pillow \\d.* · ImageMagick \\d")
                .contains("PNG at default settings, tiny: service ");
    }

    @Test
    void theBaselinesConvertPairsOnEveryCore() throws Exception {
        Path photo = new BenchCorpus(TestImages.vips(), TestImages.fixture("camera.jpg"), work).file(TINY);

        assertThat(BareBaselines.inProcessPairsPerSecond(TestImages.vips(), photo, work, 2, 3))
                .isPositive();
        assertThat(BareBaselines.cliPairsPerSecond(photo, work, 2, 3)).isPositive();
        assertThat(work.resolve("pair-cli-1.webp"))
                .as("the second loop's last output")
                .isNotEmptyFile();
    }

    @Test
    void aRunReplacesOnlyWhatIsBetweenTheMarkers() {
        String document = "# Benchmarks\n\n" + BenchmarkDocument.START + "\nold run\n" + BenchmarkDocument.END
                + "\n\n## Conversion (JMH)\n\nkept\n";

        assertThat(BenchmarkDocument.replace(document, "new run\n"))
                .isEqualTo("# Benchmarks\n\n" + BenchmarkDocument.START + "\nnew run\n" + BenchmarkDocument.END
                        + "\n\n## Conversion (JMH)\n\nkept\n");
    }

    @Test
    void withoutMarkersTheRunGoesBelowTheTitle() {
        assertThat(BenchmarkDocument.replace("# Benchmarks\n\nMeasured on ...\n", "a run"))
                .isEqualTo("# Benchmarks\n\n" + BenchmarkDocument.START + "\na run\n" + BenchmarkDocument.END
                        + "\n\nMeasured on ...\n");
        assertThatThrownBy(() -> BenchmarkDocument.replace("# B\n" + BenchmarkDocument.START + "\n", "a run"))
                .hasMessageContaining("only one of");
    }

    @Test
    void aDocumentThatDoesNotExistGetsATitle() throws Exception {
        Path file = work.resolve("quick/benchmark.md");

        BenchmarkDocument.write(file, "a run", "Benchmark (quick)");

        assertThat(Files.readString(file))
                .isEqualTo("# Benchmark (quick)\n\n" + BenchmarkDocument.START + "\na run\n" + BenchmarkDocument.END
                        + "\n");
    }

    @Test
    void aComparisonGivesTheRatioOfCpuPerJobOfEachRound() throws Exception {
        BenchPlan quick = BenchPlan.of("quick");
        PairedComparison.Result result = new PairedComparison.Result(
                MachineInfo.probe(TestImages.vips()),
                "tiny",
                quick.small(),
                1,
                2,
                Map.of("PIXTOOLS_JVM_OPTIONS", "-XX:TieredStopAtLevel=4"),
                null,
                List.of(
                        new PairedComparison.Round(jobs(10), 0.5, jobs(10), 0.45),
                        new PairedComparison.Round(jobs(10), 0.6, jobs(10), 0.66)));

        String markdown = result.markdown();

        Table table = Table.allIn(markdown).getFirst();
        assertThat(table.header)
                .containsExactly(
                        "round", "A jobs/s", "A CPU ms per job", "B jobs/s", "B CPU ms per job", "B/A CPU per job");
        assertThat(table.rows)
                .extracting(row -> row.get(2))
                .as("A's CPU per job")
                .containsExactly("50", "60");
        assertThat(table.rows)
                .extracting(row -> row.get(4))
                .as("B's CPU per job")
                .containsExactly("45", "66");
        assertThat(table.rows).extracting(List::getLast).containsExactly("0.900", "1.100");
        assertThat(markdown)
                .contains("`PIXTOOLS_JVM_OPTIONS=-XX:TieredStopAtLevel=4`")
                .contains("median 1.000, from 0.900 to 1.100")
                .contains("A: the embedded default. B: the same with")
                .doesNotContain("did not complete");
    }

    @Test
    void aComparisonOfCodeNamesTheBaselineCheckout() throws Exception {
        PairedComparison.Result result = new PairedComparison.Result(
                MachineInfo.probe(TestImages.vips()),
                "tiny",
                BenchPlan.of("quick").small(),
                1,
                2,
                Map.of(),
                "`/tmp/base` (facd6d4)",
                List.of(new PairedComparison.Round(jobs(10), 0.5, jobs(10), 0.45)));

        assertThat(result.markdown())
                .contains("A: the embedded default of `/tmp/base` (facd6d4). B: this checkout's with nothing changed.");
    }

    @Test
    void settingsOfServiceBAreOnlyForACompare() {
        String launcher = RepositoryFiles.path("pixtools").toString();

        assertThatThrownBy(() -> BenchmarkCommand.main(new String[] {"--launcher", launcher, "quick", "FOO=1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("settings [FOO] and --baseline are only for compare");
        assertThatThrownBy(() -> BenchmarkCommand.main(new String[] {"--launcher", launcher, "--baseline", "/tmp"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are only for compare");
        assertThatThrownBy(() -> BenchmarkCommand.main(
                        new String[] {"--launcher", launcher, "compare", "--baseline", "/nonexistent"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--baseline names a checkout with its pixtools script, got /nonexistent");
        assertThatThrownBy(() -> BenchmarkCommand.main(new String[] {"--launcher", launcher, "compare", "foo=1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown argument 'foo=1'");
    }

    /** The in-process sections for real on a 160x120 photo, one run each; made-up runs of the service. */
    private BenchmarkReport reportOnATinyPhoto() throws Exception {
        Vips vips = TestImages.vips();
        BenchPlan quick = BenchPlan.of("quick");
        BenchCorpus corpus = new BenchCorpus(vips, TestImages.fixture("camera.jpg"), work);
        Path photo = corpus.file(TINY);
        List<OperationTimes.Row> conversions = new OperationTimes(vips, work).measure(TINY, photo, 1);
        double bare = BareBaselines.inProcessPairsPerSecond(vips, photo, work, 2, 2);
        double cli = BareBaselines.cliPairsPerSecond(photo, work, 2, 2);
        return new BenchmarkReport(
                MachineInfo.probe(vips),
                quick,
                "Corpus: " + corpus.describe(TINY),
                conversions,
                List.of(
                        new JobThroughput.Result(
                                "small", "tiny", quick.small(), jobs(10), "bare libvips", bare, bare, 0.8),
                        new JobThroughput.Result("large", "tiny", quick.large(), jobs(4), "vips copy", cli, cli, 0.9)),
                quick.intake().stream()
                        .map(load -> new IntakeCapacity.Result("tiny", load, uploads(load.uploads())))
                        .toList(),
                new MemoryUse.Result("tiny", 250L << 20, 300L << 20, 400L << 20, jobs(1)),
                new StartUp.Result(List.of(Duration.ofMillis(2500), Duration.ofMillis(2700))),
                List.of(MachineState.probe("throughput", work)),
                List.of(),
                Duration.ofSeconds(90));
    }

    private static LoadRun jobs(int count) {
        return run(count, LoadRun.COMPLETED);
    }

    private static LoadRun uploads(int count) {
        return run(count, LoadRun.ACCEPTED);
    }

    private static LoadRun run(int count, String status) {
        List<LoadRun.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outcomes.add(new LoadRun.Outcome(status, Duration.ofMillis(20 + i), Duration.ofMillis(300 + i)));
        }
        return new LoadRun(outcomes, count / 10.0);
    }

    /** A markdown table: its header and its rows of cells. */
    private record Table(List<String> header, List<List<String>> rows) {

        static List<Table> allIn(String markdown) {
            List<Table> tables = new ArrayList<>();
            List<String> lines = markdown.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("|")) {
                    continue;
                }
                List<String> header = cells(lines.get(i));
                List<List<String>> rows = new ArrayList<>();
                i += 2;
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    rows.add(cells(lines.get(i)));
                    i++;
                }
                tables.add(new Table(header, Collections.unmodifiableList(rows)));
            }
            return tables;
        }

        private static List<String> cells(String line) {
            String inner = line.substring(1, line.length() - 1);
            return Arrays.stream(inner.split("(?<!\\\\)\\|")).map(String::strip).toList();
        }
    }
}
