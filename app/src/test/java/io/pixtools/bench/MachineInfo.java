package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import io.pixtools.testing.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The header of a run: when (UTC), which commit of PixTools (and whether its code had uncommitted changes), on what
 * CPU, and the version of everything measured.
 */
record MachineInfo(
        String date,
        String commit,
        String cpu,
        int cores,
        String jdk,
        String libvips,
        String vipsCli,
        String pillow,
        String magick) {

    static MachineInfo probe(Vips vips) throws IOException, InterruptedException {
        return new MachineInfo(
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                currentCommit(),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version() + " (" + System.getProperty("java.vendor.version", System.getProperty("java.vendor"))
                        + ")",
                vips.version(),
                ExternalTools.vipsVersion(),
                ExternalTools.pillowVersion(),
                ExternalTools.magickVersion());
    }

    /** {@code 3e8cce0}, with a note when code (anything but docs/) differs from it; {@code unknown} without git. */
    private static String currentCommit() throws InterruptedException {
        Path root = RepositoryFiles.ROOT;
        try {
            String head = ExternalTools.run(List.of("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"))
                    .stdout()
                    .strip();
            String changes = ExternalTools.run(List.of(
                            "git",
                            "-C",
                            root.toString(),
                            "status",
                            "--porcelain",
                            "--untracked-files=no",
                            "--",
                            ".",
                            ":(exclude)docs"))
                    .stdout()
                    .strip();
            return changes.isEmpty() ? head : head + " with uncommitted changes";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse(System.getProperty("os.arch"));
    }

    /** One line, for the top of the section. */
    String line() {
        String cli = vipsCli.equals(libvips) ? "" : " (CLI " + vipsCli + ")";
        return date + " · commit " + commit + " · " + cpu + ", " + cores + " cores · JDK " + jdk + " · libvips "
                + libvips + cli + " · Pillow " + pillow + " · ImageMagick " + magick;
    }
}
