package io.pixtools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.processors.options.ConvertOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The conversions the service is compared with, each run from Debian's packages: libvips' {@code vips} command
 * (libvips-tools), Pillow ({@code python3-pil}, for the system Python, which is what the Python original used) and
 * ImageMagick's {@code convert} (imagemagick). Fixed paths, so that a stand-in earlier on the PATH is never measured.
 */
final class ExternalTools {

    static final Path VIPS = Path.of("/usr/bin/vips");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path CONVERT = Path.of("/usr/bin/convert");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Pillow's conversions, timed in one Python process: each run opens (decodes) the JPEG and saves it, timed with
     * {@code time.perf_counter}; the first run is a warm-up. The settings are Pillow's own defaults for each format,
     * with the service's quality: JPEG quality 85 with optimised Huffman tables, PNG at compress_level 6, WebP quality
     * 80 at method 4. Pillow reads AVIF only from 11.3 on, with the plug-in built in.
     */
    private static final String PILLOW_SCRIPT = """
            import json, os, sys, time
            from PIL import Image, features
            job = json.load(sys.stdin)
            fmt = job["format"]
            params = {
                "jpg": {"format": "JPEG", "quality": 85, "optimize": True},
                "png": {"format": "PNG"},
                "webp": {"format": "WEBP", "quality": 80, "method": 4},
                "avif": {"format": "AVIF", "quality": 50},
            }[fmt]
            if fmt in ("webp", "avif") and not features.check(fmt):
                print(json.dumps({"error": "Pillow %s cannot write %s" % (Image.__version__, fmt.upper())}))
                sys.exit(0)
            times = []
            for _ in range(job["runs"] + 1):
                start = time.perf_counter()
                with Image.open(job["source"]) as image:
                    image.save(job["target"], **params)
                times.append((time.perf_counter() - start) * 1000)
            print(json.dumps({"millis": times[1:], "bytes": os.path.getsize(job["target"])}))
            """;

    /** Fails with the command that installs what is missing; {@code ./pixtools benchmark} installs them as root. */
    static void check() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(VIPS)) {
            missing.add("libvips-tools");
        }
        if (!Files.isExecutable(PYTHON)) {
            missing.add("python3-pil");
        }
        if (!Files.isExecutable(CONVERT)) {
            missing.add("imagemagick");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the benchmark compares with " + String.join(", ", missing)
                    + ": sudo apt-get install -y " + String.join(" ", missing));
        }
    }

    /** One {@code vips copy} process: wall time in milliseconds from its start to its exit. */
    static double vipsCopy(Path source, Path target, String saveOptions) throws IOException, InterruptedException {
        return run(List.of(VIPS.toString(), "copy", source.toString(), target + "[" + saveOptions + "]"))
                .millis();
    }

    /**
     * One ImageMagick {@code convert in -quality Q out} process, with the quality that matches the service's setting:
     * the same number for JPEG, WebP and AVIF; for PNG the tens are zlib's level and the units the filter (5,
     * adaptive), so the service's compression 5 is {@code -quality 55}.
     */
    static double magick(Path source, Path target, ConvertOptions options) throws IOException, InterruptedException {
        int quality = switch (options.operation()) {
            case PNG -> options.compression() * 10 + 5;
            default -> options.quality();
        };
        return run(List.of(
                        CONVERT.toString(), source.toString(), "-quality", String.valueOf(quality), target.toString()))
                .millis();
    }

    /** Pillow converting {@code source} into {@code format} {@code runs} times (after one warm-up) in one process. */
    static Timing pillow(Path source, Path target, String format, int runs) throws IOException, InterruptedException {
        String job = JSON.writeValueAsString(
                Map.of("source", source.toString(), "target", target.toString(), "format", format, "runs", runs));
        Result result = run(List.of(PYTHON.toString(), "-c", PILLOW_SCRIPT), job);
        // The answer is the last line; Python may warn on the lines before it.
        JsonNode answer = JSON.readTree(
                result.stdout().strip().lines().reduce((a, b) -> b).orElse("{}"));
        if (answer.has("error")) {
            return Timing.unavailable(answer.get("error").asText());
        }
        List<Double> millis = new ArrayList<>();
        answer.get("millis").forEach(m -> millis.add(m.asDouble()));
        return new Timing(Figures.median(millis), answer.get("bytes").asLong(), null);
    }

    static String vipsVersion() throws IOException, InterruptedException {
        return run(List.of(VIPS.toString(), "--version")).stdout().strip().replace("vips-", "");
    }

    static String pillowVersion() throws IOException, InterruptedException {
        return run(List.of(PYTHON.toString(), "-c", "import PIL; print(PIL.__version__)"))
                .stdout()
                .strip();
    }

    /** {@code 6.9.11-60 Q16}. */
    static String magickVersion() throws IOException, InterruptedException {
        String first = run(List.of(CONVERT.toString(), "-version"))
                .stdout()
                .lines()
                .findFirst()
                .orElse("");
        String[] words = first.replace("Version: ImageMagick ", "").split(" ");
        return words.length > 1 ? words[0] + " " + words[1] : first;
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    /** Runs a command to its end (10 minutes at most); fails with its output when it exits with another code than 0. */
    static Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        Path output = Files.createTempFile("pixtools-bench-", ".out");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took more than 10 minutes");
            }
            double millis = (System.nanoTime() - start) / 1e6;
            String out = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new ToolFailedException(
                        command.getFirst() + " exited with " + process.exitValue() + ": " + out.strip());
            }
            return new Result(out, millis);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** What a command printed (stdout and stderr) and its wall time. */
    record Result(String stdout, double millis) {}

    /** A tool that ran and refused, e.g. a format its build cannot write. */
    static final class ToolFailedException extends IOException {
        ToolFailedException(String message) {
            super(message);
        }
    }
}
