package io.pixtools.processors.metadata;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pixtools.processors.image.ImageFormat;
import io.pixtools.processors.image.ImageInfo;
import io.pixtools.testing.HostileImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Metadata bombs: every kind of metadata PixTools reads, made to claim or inflate to far more than the limits.
 * metadata-extractor alone throws OutOfMemoryError on the first two (regression: one 2 MB PNG or one 893-byte
 * JPEG stopped every in-JVM worker). Each must now be read within the budget, with what was left out named.
 */
class MetadataBudgetTests {

    /** 1 MB per segment, 4 MB in all: small, so that the bombs here need not be large to exceed it. */
    private final MetadataReader reader = new MetadataReader(new MetadataBudget(1 << 20, 4L << 20));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} inflating to 64 MB is skipped")
    @CsvSource({"zTXt", "iTXt", "iCCP"})
    void compressedPngChunksAreInflatedOnlyUpToTheLimit(String type) throws IOException {
        Path bomb = write("bomb.png", HostileImages.pngTextBomb(type, 64L << 20));

        Map<String, Object> metadata = readQuickly(bomb, ImageFormat.PNG);

        assertThat(warnings(metadata))
                .anySatisfy(
                        w -> assertThat(w).startsWith(type + " chunk skipped").contains("inflates to more than"));
    }

    @Test
    void aPngChunkClaimingTwoGigabytesStopsTheWalkWithoutAllocatingThem() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("claim.png", HostileImages.pngChunkClaiming((2L << 30) - 1)), ImageFormat.PNG);
        assertThat(warnings(metadata)).anySatisfy(w -> assertThat(w).contains("longer than the file"));
    }

    @Test
    void extendedXmpClaimingTwoGigabytesIsSkippedAndTheRestIsStillRead() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("xmp.jpg", HostileImages.jpegExtendedXmp(0x7FFFFFF0L)), ImageFormat.JPEG);

        assertThat(warnings(metadata))
                .anySatisfy(w -> assertThat(w).startsWith("extended XMP").contains("more than the limit"));
        assertThat(metadata.get("gps"))
                .as("EXIF GPS of tagged.jpg")
                .isEqualTo(Map.of("latitude", 28.5721, "longitude", -80.648, "altitude_m", 3.0));
        assertThat(metadata).containsKey("iptc");
    }

    @Test
    void extendedXmpWithinTheLimitIsStillAssembled() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("xmp.jpg", HostileImages.jpegExtendedXmp(4)), ImageFormat.JPEG);
        assertThat(warnings(metadata)).noneSatisfy(w -> assertThat(w).startsWith("extended XMP"));
    }

    @Test
    void aJpegSegmentLongerThanTheFileIsNamed() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("short.jpg", HostileImages.jpegSegmentPastEnd()), ImageFormat.JPEG);
        assertThat(warnings(metadata)).anySatisfy(w -> assertThat(w).contains("longer than the file"));
    }

    @Test
    void xmpNestedTooDeeplyForTheParserIsAWarningNotACrash() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("deep.jpg", HostileImages.jpegDeepXmp(20_000)), ImageFormat.JPEG);
        assertThat(metadata).containsEntry("camera_make", "Canon");
    }

    @Test
    void aWebpChunkClaimingTwoGigabytesIsNamed() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("claim.webp", HostileImages.webpChunkClaiming((2L << 30) - 2)), ImageFormat.WEBP);
        assertThat(warnings(metadata))
                .anySatisfy(w -> assertThat(w).contains("EXIF").contains("longer than the file"));
    }

    @Test
    void aGifExtensionAboveTheLimitIsSkipped() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("comment.gif", HostileImages.gifComment(2 << 20)), ImageFormat.GIF);
        assertThat(warnings(metadata)).anySatisfy(w -> assertThat(w).startsWith("GIF extension 0xfe skipped"));
    }

    @Test
    void aGifOfTwentyThousandFramesCostsNoMoreThanOneFrame() throws IOException {
        Map<String, Object> metadata =
                readQuickly(write("frames.gif", HostileImages.gifFrames(20_000)), ImageFormat.GIF);
        assertThat(metadata).containsEntry("format", "gif").doesNotContainKey("warnings");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tag-past-end, points past the end of the file", "ifd-loop, ''"})
    void tiffDirectoriesThatPointOutsideTheFileOrLoopAreHandled(String kind, String warning) throws IOException {
        byte[] tiff = kind.equals("ifd-loop") ? HostileImages.tiffIfdLoop() : HostileImages.tiffTagPastEnd();
        Map<String, Object> metadata = readQuickly(write(kind + ".tif", tiff), ImageFormat.TIFF);
        if (!warning.isEmpty()) {
            assertThat(warnings(metadata)).anySatisfy(w -> assertThat(w).contains(warning));
        }
        assertThat(metadata).containsEntry("format", "tiff");
    }

    @Test
    void aHeifBoxLargerThanTheFileSkipsTheMetadata() throws IOException {
        byte[] avif = HostileImages.heifBoxTooLarge(Files.readAllBytes(fixture("rocket.avif")));
        Map<String, Object> metadata = readQuickly(write("box.avif", avif), ImageFormat.AVIF);
        assertThat(warnings(metadata)).anySatisfy(w -> assertThat(w).contains("larger than its container"));
    }

    @Test
    void metadataOfEveryFixtureIsReadAsBeforeWithinTheDefaultBudget() {
        MetadataReader defaults = new MetadataReader();
        Map<String, Object> camera =
                defaults.read(fixture("camera.jpg"), new ImageInfo(ImageFormat.JPEG, 600, 400, 94482));
        assertThat(camera).containsEntry("camera_model", "Canon EOS 5D Mark IV").doesNotContainKey("warnings");
        Map<String, Object> png =
                defaults.read(fixture("astronaut.png"), new ImageInfo(ImageFormat.PNG, 512, 512, 791555));
        assertThat(png).containsEntry("icc_profile", "sRGB IEC61966-2.1").doesNotContainKey("warnings");
        for (String name : List.of(
                "chelsea.webp",
                "animated.gif",
                "motorcycle.tif",
                "grey16.tif",
                "rocket.avif",
                "cmyk.jpg",
                "alpha.png")) {
            ImageFormat format = ImageFormat.detect(fixture(name)).orElseThrow();
            assertThat(warnings(defaults.read(fixture(name), new ImageInfo(format, 1, 1, 1))))
                    .as(name)
                    .noneSatisfy(w -> assertThat(w).contains("skipped"));
        }
    }

    private Map<String, Object> readQuickly(Path file, ImageFormat format) {
        return assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> reader.read(file, new ImageInfo(format, 1, 1, Files.size(file))));
    }

    @SuppressWarnings("unchecked")
    private static List<String> warnings(Map<String, Object> metadata) {
        return (List<String>) metadata.getOrDefault("warnings", List.of());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
