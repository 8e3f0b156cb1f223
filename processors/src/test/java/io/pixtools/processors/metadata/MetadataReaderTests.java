package io.pixtools.processors.metadata;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.pixtools.processors.image.ImageFormat;
import io.pixtools.processors.image.ImageInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataReaderTests {

    private final MetadataReader reader = new MetadataReader();

    /** The values exiftool wrote into the fixture (see src/test/resources/images/README.md). */
    @Test
    void readsCameraExifAndGpsAsWrittenByExiftool() {
        Map<String, Object> metadata =
                reader.read(fixture("camera.jpg"), new ImageInfo(ImageFormat.JPEG, 600, 400, 94482));

        assertThat(metadata)
                .contains(
                        entry("format", "jpeg"),
                        entry("width", 600),
                        entry("height", 400),
                        entry("camera_make", "Canon"),
                        entry("camera_model", "Canon EOS 5D Mark IV"),
                        entry("lens", "EF24-105mm f/4L IS USM"),
                        entry("exposure_time", "1/250"),
                        entry("exposure_seconds", 0.004),
                        entry("f_number", 8.0),
                        entry("iso", 200),
                        entry("focal_length_mm", 50.0),
                        entry("date_taken", "2024-06-15T14:30:00"),
                        entry("orientation", 6),
                        entry("artist", "PixTools Test"));
        assertThat(metadata.get("gps")).isEqualTo(Map.of("latitude", 48.8583, "longitude", 2.2945));
        assertThat(metadata).doesNotContainKey("warnings");
    }

    @Test
    void readsIptcXmpAndWesternGpsAsWrittenByExiftool() {
        Map<String, Object> metadata =
                reader.read(fixture("tagged.jpg"), new ImageInfo(ImageFormat.JPEG, 640, 427, 36955));

        assertThat(metadata.get("iptc"))
                .isEqualTo(Map.of(
                        "headline",
                        "Launch day",
                        "caption",
                        "A rocket on the pad",
                        "byline",
                        "Jane Photographer",
                        "city",
                        "Cape Canaveral",
                        "country",
                        "USA",
                        "keywords",
                        java.util.List.of("rocket", "launch")));
        assertThat(metadata.get("xmp"))
                .isEqualTo(Map.of(
                        "title",
                        "Rocket",
                        "description",
                        "Rocket before launch",
                        "creator",
                        "Jane Photographer",
                        "creator_tool",
                        "PixTools fixtures",
                        "rating",
                        "4"));
        assertThat(metadata.get("gps")).isEqualTo(Map.of("latitude", 28.5721, "longitude", -80.648, "altitude_m", 3.0));
    }

    @Test
    void leavesOutWhatThePhotoDoesNotHave() {
        Map<String, Object> metadata =
                reader.read(fixture("astronaut.png"), new ImageInfo(ImageFormat.PNG, 512, 512, 791555));
        assertThat(metadata).containsOnlyKeys("format", "width", "height", "file_bytes", "icc_profile");
        assertThat(metadata).containsEntry("icc_profile", "sRGB IEC61966-2.1");
    }

    @Test
    void reportsUnreadableMetadataAsAWarningInsteadOfFailing() {
        Map<String, Object> metadata =
                reader.read(fixture("truncated.jpg"), new ImageInfo(ImageFormat.JPEG, 1, 1, 400));
        assertThat(metadata).containsEntry("format", "jpeg");
        assertThat(metadata).containsKey("warnings");
    }
}
