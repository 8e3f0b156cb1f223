package io.pixtools.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The fault suite's one table: a row per scenario, printed and written to target/faults/report.md. */
final class FaultReport {

    private static final List<Row> ROWS = new ArrayList<>();

    private FaultReport() {}

    static synchronized void add(Row row) {
        ROWS.add(row);
        System.out.println("[faults] " + row.markdown());
    }

    static synchronized String table(String scale) {
        StringBuilder out = new StringBuilder();
        out.append("Fault suite, ")
                .append(scale)
                .append(" scale, ")
                .append(LocalDate.now())
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores\n\n");
        out.append(
                "| scenario | accepted | completed | failed (with reason) | lost | duplicated | 5xx other than 503 | 503 (slowest) | peak RSS | time to recover | notes |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        ROWS.forEach(row -> out.append(row.markdown()).append('\n'));
        return out.toString();
    }

    static synchronized void write(String scale) throws IOException {
        String table = table(scale);
        Files.writeString(Files.createDirectories(Path.of("target", "faults")).resolve("report.md"), table);
        System.out.println(table);
    }

    record Row(
            String scenario,
            int accepted,
            int completed,
            int failed,
            int lost,
            int duplicated,
            int serverErrors,
            int unavailable,
            long slowestUnavailableMs,
            long peakRssMb,
            double recoverySeconds,
            String notes) {

        String markdown() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s |",
                    scenario,
                    accepted,
                    completed,
                    failed,
                    lost,
                    duplicated,
                    serverErrors,
                    unavailable == 0 ? "0" : unavailable + " (" + slowestUnavailableMs + " ms)",
                    peakRssMb == 0 ? "" : peakRssMb + " MB",
                    recoverySeconds < 0 ? "" : String.format(Locale.ROOT, "%.1f s", recoverySeconds),
                    notes);
        }
    }
}
