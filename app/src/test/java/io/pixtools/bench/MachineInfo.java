package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The header of a run: when (UTC), on what CPU, and the version of everything measured. */
record MachineInfo(
        String date, String cpu, int cores, String jdk, String libvips, String vipsCli, String pillow, String magick) {

    static MachineInfo probe(Vips vips) throws IOException, InterruptedException {
        return new MachineInfo(
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.version() + " (" + System.getProperty("java.vendor.version", System.getProperty("java.vendor"))
                        + ")",
                vips.version(),
                ExternalTools.vipsVersion(),
                ExternalTools.pillowVersion(),
                ExternalTools.magickVersion());
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
        return date + " · " + cpu + ", " + cores + " cores · JDK " + jdk + " · libvips " + libvips + cli + " · Pillow "
                + pillow + " · ImageMagick " + magick;
    }
}
