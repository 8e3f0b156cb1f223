package io.pixtools.processors.image;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pixtools.processors.ImageTooLargeException;
import io.pixtools.processors.PixToolsException;
import io.pixtools.processors.UndecodableImageException;
import io.pixtools.processors.UnsupportedFormatException;
import io.pixtools.testing.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageInspectorTests {

    private static final Set<ImageFormat> ALL = EnumSet.allOf(ImageFormat.class);

    @TempDir
    Path dir;

    private static ImageInspector inspector(long maxBytes, long maxPixels, Set<ImageFormat> formats) {
        return new ImageInspector(TestImages.vips(), new ImageLimits(maxBytes, maxPixels, 16384, formats));
    }

    @ParameterizedTest(name = "{0}: {1} {2}x{3}")
    @CsvSource({
        "camera.jpg, JPEG, 600, 400", "astronaut.png, PNG, 512, 512", "chelsea.webp, WEBP, 451, 300",
        "rocket.avif, AVIF, 640, 427", "motorcycle.tif, TIFF, 741, 500", "animated.gif, GIF, 14, 25",
    })
    void readsFormatAndSizeFromTheHeader(String file, ImageFormat format, int width, int height) {
        ImageInfo info = inspector(50_000_000, 50_000_000, ALL).inspect(fixture(file));
        assertThat(info.format()).isEqualTo(format);
        assertThat(info.width()).isEqualTo(width);
        assertThat(info.height()).isEqualTo(height);
        assertThat(info.bytes()).isEqualTo(fixture(file).toFile().length());
    }

    /** A 100000x100000 PNG of 200-odd bytes would need 30 GB to decode: the header check stops it at once. */
    @Test
    void rejectsDecompressionBombFromItsHeaderWithoutDecoding() {
        Path bomb = TestImages.write(dir, "bomb.png", TestImages.bombPng(100_000, 100_000));
        assertThat(bomb.toFile().length()).isLessThan(1_000);
        ImageTooLargeException e = assertTimeoutPreemptively(
                Duration.ofSeconds(2),
                () -> catchThrowableOfType(
                        ImageTooLargeException.class,
                        () -> inspector(50_000_000, 50_000_000, ALL).inspect(bomb)));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.field()).isEqualTo("file");
        assertThat(e.getMessage()).contains("100000x100000").contains("limit is 50.0 MP");
    }

    @Test
    void rejectsImageOverThePixelLimit() {
        assertThatThrownBy(() -> inspector(50_000_000, 512 * 512 - 1, ALL).inspect(fixture("astronaut.png")))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("512x512");
    }

    @Test
    void acceptsImageExactlyAtThePixelLimit() {
        assertThat(inspector(50_000_000, 512 * 512, ALL)
                        .inspect(fixture("astronaut.png"))
                        .pixels())
                .isEqualTo(512 * 512);
    }

    @Test
    void rejectsFileOverTheSizeLimit() {
        assertThatThrownBy(() -> inspector(1000, 50_000_000, ALL).inspect(fixture("camera.jpg")))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("limit is 1000 bytes");
    }

    @Test
    void rejectsFormatsThatAreNotAllowed() {
        UnsupportedFormatException e = catchThrowableOfType(
                UnsupportedFormatException.class,
                () -> inspector(50_000_000, 50_000_000, EnumSet.of(ImageFormat.JPEG, ImageFormat.PNG))
                        .inspect(fixture("animated.gif")));
        assertThat(e.status()).isEqualTo(415);
        assertThat(e.getMessage()).contains("detected: gif").contains("allowed: jpeg, png");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"not an image at all", "BM6 this pretends to be a bitmap"})
    void rejectsNonImages(String content) {
        Path file = TestImages.write(dir, "upload.jpg", content.getBytes());
        assertThatThrownBy(() -> inspector(50_000_000, 50_000_000, ALL).inspect(file))
                .isInstanceOf(UnsupportedFormatException.class);
    }

    @Test
    void rejectsEmptyFile() {
        Path file = TestImages.write(dir, "empty.png", new byte[0]);
        assertThatThrownBy(() -> inspector(50_000_000, 50_000_000, ALL).inspect(file))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("empty");
    }

    /** The JPEG signature followed by garbage: the format is allowed but the file cannot be read. */
    @Test
    void rejectsCorruptImageWithA422() {
        PixToolsException e = catchThrowableOfType(
                UndecodableImageException.class,
                () -> inspector(50_000_000, 50_000_000, ALL).inspect(fixture("truncated.jpg")));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.getMessage()).contains("cannot be read");
    }

    /** Regression: libvips' PNG loader allocated what a chunk claimed; a 60-byte PNG cost 2 GB of memory at intake. */
    @Test
    void refusesAPngWhoseChunkClaimsMoreThanTheFileBeforeLibvipsReadsIt() {
        Path file =
                TestImages.write(dir, "claim.png", io.pixtools.testing.HostileImages.pngChunkClaiming((2L << 30) - 1));
        PixToolsException e = catchThrowableOfType(
                UndecodableImageException.class,
                () -> inspector(50_000_000, 50_000_000, ALL).inspect(file));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.getMessage()).contains("tEXt chunk claims 2147483647 bytes");
    }
}
