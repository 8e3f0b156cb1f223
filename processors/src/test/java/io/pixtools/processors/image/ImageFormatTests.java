package io.pixtools.processors.image;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFormatTests {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "camera.jpg, JPEG",
        "cmyk.jpg, JPEG",
        "astronaut.png, PNG",
        "alpha.png, PNG",
        "chelsea.webp, WEBP",
        "rocket.avif, AVIF",
        "motorcycle.tif, TIFF",
        "grey16.tif, TIFF",
        "animated.gif, GIF",
    })
    void recognisesFormatFromContent(String file, ImageFormat expected) {
        assertThat(ImageFormat.detect(fixture(file))).contains(expected);
    }

    @ParameterizedTest(name = "{0} is not accepted and is called {1}")
    @CsvSource({
        "'BM6\u0000\u0000\u0000', bmp",
        "'%PDF-1.7', pdf",
        "'<svg xmlns=', svg",
        "'plain text', unknown",
        "'PK\u0003\u0004', zip",
    })
    void namesFormatsItDoesNotAccept(String head, String name) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ImageFormat.detect(bytes)).isEmpty();
        assertThat(ImageFormat.describeUnsupported(bytes)).isEqualTo(name);
    }

    @ParameterizedTest(name = "ftyp brands {0} make {1}")
    @CsvSource({"heic, HEIC", "mif1heic, HEIC", "mif1avif, AVIF", "avis, AVIF"})
    void tellsAvifFromHeicByBrand(String brands, ImageFormat expected) {
        String major = brands.substring(0, 4);
        String compatible = brands.length() > 4 ? brands.substring(4) : "";
        String box = "ftyp" + major + "\u0000\u0000\u0000\u0000" + major + compatible;
        byte[] body = box.getBytes(StandardCharsets.ISO_8859_1);
        byte[] head = new byte[4 + body.length];
        head[3] = (byte) head.length;
        System.arraycopy(body, 0, head, 4, body.length);
        assertThat(ImageFormat.detect(head)).contains(expected);
    }

    @ParameterizedTest(name = "an mp4 video (brand {0}) is not an image")
    @CsvSource({"isom", "mp42"})
    void refusesOtherIsoMediaFiles(String brand) {
        String box = "\u0000\u0000\u0000\u0014ftyp" + brand + "\u0000\u0000\u0000\u0000" + brand;
        assertThat(ImageFormat.detect(box.getBytes(StandardCharsets.ISO_8859_1)))
                .isEmpty();
    }
}
