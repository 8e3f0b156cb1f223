package io.pixtools.processors.vips;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixtools.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VipsSettingsTests {

    @TempDir
    Path dir;

    /** The server's settings block libvips' untrusted loaders (PPM, CSV, Analyze, ...), hostile input's easy way in. */
    @Test
    void theServersSettingsBlockUntrustedLoaders() throws IOException {
        Path ppm = ppm();
        assertThatThrownBy(() -> TestImages.vips().open(ppm).close()).isInstanceOf(VipsException.class);
    }

    /** A valid 2x2 binary PPM. */
    private Path ppm() throws IOException {
        byte[] header = "P6\n2 2\n255\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[header.length + 12];
        System.arraycopy(header, 0, file, 0, header.length);
        return Files.write(dir.resolve("tiny.ppm"), file);
    }
}
