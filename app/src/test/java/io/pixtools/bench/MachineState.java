package io.pixtools.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What creating a file and writing a new one cost at one moment, where the next service keeps its data. On the machine
 * the committed figures come from, both moved 20 to 40 times from minute to minute (ext4 without a journal skips free
 * inodes deleted recently; a VM's first touch of a page of memory faults to its host). The service pays them on every
 * upload and output, the bare baselines (which rewrite one file) do not: the report shows them beside the figures.
 */
record MachineState(String part, double microsPerFile, double millisPerMegabyte) {

    private static final int FILES = 200;
    private static final int MEGABYTES = 64;

    /** Creates {@value #FILES} empty files, and one of {@value #MEGABYTES} MB, in a new directory under {@code dir}. */
    static MachineState probe(String part, Path dir) throws IOException {
        Path probe = Files.createTempDirectory(dir, "probe-");
        long start = System.nanoTime();
        for (int i = 0; i < FILES; i++) {
            Files.createFile(probe.resolve("empty-" + i));
        }
        double perFile = (System.nanoTime() - start) / 1e3 / FILES;
        byte[] megabyte = new byte[1 << 20];
        start = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(probe.resolve("written"))) {
            for (int i = 0; i < MEGABYTES; i++) {
                out.write(megabyte);
            }
        }
        double perMegabyte = (System.nanoTime() - start) / 1e6 / MEGABYTES;
        return new MachineState(part, perFile, perMegabyte);
    }

    static String markdown(List<MachineState> states) {
        MarkdownTable table = new MarkdownTable("before", "creating an empty file", "writing a new file");
        for (MachineState state : states) {
            table.row(
                    state.part,
                    String.format(Locale.ROOT, "%.0f µs", state.microsPerFile),
                    String.format(Locale.ROOT, "%.2f ms per MB", state.millisPerMegabyte));
        }
        return table.toString();
    }
}
