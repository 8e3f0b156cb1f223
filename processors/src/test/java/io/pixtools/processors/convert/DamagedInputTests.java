package io.pixtools.processors.convert;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixtools.processors.DamagedImageException;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Fit;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.ResizeOptions;
import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.VipsException;
import io.pixtools.testing.HostileImages;
import io.pixtools.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged sources. Regression: truncated and corrupt JPEGs were decoded leniently, grey-filled, and the job ended
 * COMPLETED with no word to the user; and a valid image on the same thread then failed with the corrupt one's
 * libvips message, left in libvips' error buffer.
 */
class DamagedInputTests {

    private static final Vips VIPS = TestImages.vips();
    private final ConvertOperation convert = new ConvertOperation(VIPS, 500_000_000);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} fails by default")
    @ValueSource(strings = {"truncated", "corrupt"})
    void aDamagedJpegFailsWithAMessageThatSaysSoAndHowToConvertItAnyway(String damage) throws IOException {
        Path source = damaged(damage);

        assertThatThrownBy(() -> convert.convert(source, jpg(FailOn.WARNING), dir.resolve("out.jpg")))
                .isInstanceOf(DamagedImageException.class)
                .hasMessageContaining("the image is damaged (corrupt or truncated)")
                .hasMessageContaining("VipsJpeg")
                .hasMessageContaining("\"fail_on\": \"none\"");
    }

    @ParameterizedTest(name = "{0} converts with fail_on none")
    @ValueSource(strings = {"truncated", "corrupt"})
    void aLenientDecodeConvertsWhatItCan(String damage) throws IOException {
        ConvertResult result = convert.convert(damaged(damage), jpg(FailOn.NONE), dir.resolve("out.jpg"));
        assertThat(result.width()).isEqualTo(400);
        assertThat(Files.size(result.file())).isPositive();
    }

    @Test
    void aFailureAfterALenientDecodeReportsOnlyItsOwnError() throws IOException {
        convert.convert(damaged("corrupt"), jpg(FailOn.NONE), dir.resolve("lenient.jpg"));

        ConvertOptions tooWide = new ConvertOptions(
                Operation.WEBP,
                80,
                false,
                4,
                0,
                false,
                false,
                true,
                new ResizeOptions(16384, null, Fit.INSIDE, true),
                FailOn.WARNING);
        assertThatThrownBy(() -> convert.convert(fixture("camera.jpg"), tooWide, dir.resolve("wide.webp")))
                .isInstanceOf(VipsException.class)
                .hasMessageContaining("webp")
                .hasMessageNotContaining("Corrupt JPEG");
    }

    @Test
    void undamagedFixturesDecodeUnderTheStrictestSetting() {
        for (String name : new String[] {
            "camera.jpg",
            "tagged.jpg",
            "cmyk.jpg",
            "alpha.png",
            "astronaut.png",
            "chelsea.webp",
            "animated.gif",
            "grey16.tif",
            "motorcycle.tif",
            "rocket.avif"
        }) {
            ConvertResult result = convert.convert(fixture(name), jpg(FailOn.WARNING), dir.resolve(name + ".jpg"));
            assertThat(result.width()).as(name).isPositive();
        }
    }

    private static ConvertOptions jpg(FailOn failOn) {
        return new ConvertOptions(Operation.JPG, 85, false, 0, 0, false, false, true, null, failOn);
    }

    private Path damaged(String damage) throws IOException {
        byte[] camera = Files.readAllBytes(fixture("camera.jpg"));
        byte[] bytes =
                damage.equals("truncated") ? HostileImages.truncated(camera, 0.5) : HostileImages.corruptScan(camera);
        return Files.write(dir.resolve(damage + ".jpg"), bytes);
    }
}
