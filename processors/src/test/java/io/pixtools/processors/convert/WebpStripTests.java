package io.pixtools.processors.convert;

import static io.pixtools.testing.TestImages.decode;
import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.options.Operation;
import io.pixtools.processors.options.OperationParamsParser;
import io.pixtools.testing.TestImages;
import io.pixtools.testing.WebpChunks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: libvips 8.14.1 (Debian 12's, the Dockerfile's) ignores {@code strip} in its WebP saver, so WebP outputs
 * kept the upload's GPS position, camera and XMP creator, and an image with no metadata at all (a denoised copy)
 * still got an EXIF block that the saver builds from the header. camera.jpg carries GPS EXIF, tagged.jpg XMP, IPTC
 * and an ICC profile, alpha.png nothing.
 */
class WebpStripTests {

    private static final List<String> METADATA_CHUNKS = List.of("EXIF", "XMP ", "ICCP");
    private static final int METADATA_FLAGS = WebpChunks.ICC_FLAG | WebpChunks.EXIF_FLAG | WebpChunks.XMP_FLAG;

    private final ConvertOperation convert = new ConvertOperation(TestImages.vips(), 50_000_000);

    @TempDir
    Path dir;

    private Path webp(String source, boolean strip) {
        ConvertOptions o = (ConvertOptions) new OperationParamsParser(16384).parse(Operation.WEBP, null);
        ConvertOptions options = OptionsCopy.with(o, strip, o.resize(), o.failOn());
        Path target = dir.resolve(source + (strip ? ".stripped" : ".kept") + ".webp");
        return convert.convert(fixture(source), options, target).file();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camera.jpg", "tagged.jpg", "alpha.png"})
    void stripLeavesNoMetadataChunkInWebp(String source) throws Exception {
        Path stripped = webp(source, true);

        WebpChunks chunks = WebpChunks.of(stripped);
        assertThat(chunks.types()).doesNotContainAnyElementsOf(METADATA_CHUNKS);
        assertThat(chunks.vp8xFlags() & METADATA_FLAGS).isZero();
        Metadata reopened = ImageMetadataReader.readMetadata(stripped.toFile());
        assertThat(directoryNames(reopened))
                .doesNotContain(
                        new GpsDirectory().getName(),
                        new ExifIFD0Directory().getName(),
                        new XmpDirectory().getName(),
                        new IccDirectory().getName());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camera.jpg", "tagged.jpg", "alpha.png"})
    void strippedWebpHasThePixelsOfTheUnstrippedOne(String source) throws Exception {
        Path stripped = webp(source, true);
        Path kept = webp(source, false);

        assertThat(Files.size(stripped)).isLessThan(Files.size(kept));
        assertSamePixels(decode(stripped), decode(kept));
        assertThat(WebpChunks.of(stripped).vp8xFlags() & WebpChunks.ALPHA_FLAG)
                .isEqualTo(WebpChunks.of(kept).vp8xFlags() & WebpChunks.ALPHA_FLAG);
    }

    /** The control for the tests above: the chunk lister and the reader do see metadata when it is there. */
    @Test
    void webpKeepsExifXmpAndIccWithoutStrip() throws Exception {
        Path camera = webp("camera.jpg", false);
        assertThat(WebpChunks.of(camera).types()).contains("EXIF");
        Metadata cameraMetadata = ImageMetadataReader.readMetadata(camera.toFile());
        assertThat(cameraMetadata
                        .getFirstDirectoryOfType(ExifIFD0Directory.class)
                        .getString(ExifIFD0Directory.TAG_MAKE))
                .isEqualTo("Canon");
        assertThat(cameraMetadata.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation())
                .isNotNull();

        Path tagged = webp("tagged.jpg", false);
        WebpChunks taggedChunks = WebpChunks.of(tagged);
        assertThat(taggedChunks.types()).contains("EXIF", "XMP ", "ICCP");
        assertThat(taggedChunks.vp8xFlags() & METADATA_FLAGS).isEqualTo(METADATA_FLAGS);
        XmpDirectory xmp =
                ImageMetadataReader.readMetadata(tagged.toFile()).getFirstDirectoryOfType(XmpDirectory.class);
        assertThat(xmp.getXmpProperties()).containsValue("Jane Photographer");
    }

    /** A saver that strips by itself (libvips 8.14.2 and later) leaves nothing to remove: the file is not rewritten. */
    @Test
    void leavesAWebpWithoutMetadataUntouched() throws Exception {
        Path stripped = webp("camera.jpg", true);
        Object inode = Files.getAttribute(stripped, "unix:ino");
        byte[] before = Files.readAllBytes(stripped);

        WebpStrip.removeMetadata(stripped);

        assertThat(Files.getAttribute(stripped, "unix:ino")).isEqualTo(inode);
        assertThat(Files.readAllBytes(stripped)).isEqualTo(before);
    }

    /**
     * The chunks are cut out of the file itself, not written to a new one: a new file costs an inode created and one
     * freed per output. tagged.jpg's ICC profile lies before the image data, which moves up over it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camera.jpg", "tagged.jpg"})
    void stripsInPlaceToExactlyTheOtherChunks(String source) throws Exception {
        Path webp = webp(source, false);
        byte[] expected = withoutMetadata(Files.readAllBytes(webp));
        Object inode = Files.getAttribute(webp, "unix:ino");

        WebpStrip.removeMetadata(webp);

        assertThat(Files.getAttribute(webp, "unix:ino")).isEqualTo(inode);
        assertThat(Files.readAllBytes(webp)).isEqualTo(expected);
        assertThat(expected.length).isLessThan(Files.readAllBytes(webp(source, false)).length);
    }

    /** The file without its metadata chunks, built in memory: the RIFF size and the VP8X flags follow. */
    private static byte[] withoutMetadata(byte[] webp) {
        ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(webp, 0, 12);
        int vp8x = -1;
        for (int at = 12; at < webp.length; ) {
            String type = new String(webp, at, 4, StandardCharsets.ISO_8859_1);
            int length = 8 + in.getInt(at + 4) + (in.getInt(at + 4) & 1);
            if (!METADATA_CHUNKS.contains(type)) {
                vp8x = type.equals("VP8X") ? out.size() : vp8x;
                out.write(webp, at, length);
            }
            at += length;
        }
        ByteBuffer result = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        result.putInt(4, result.capacity() - 8);
        result.put(vp8x + 8, (byte) (result.get(vp8x + 8) & ~METADATA_FLAGS));
        return result.array();
    }

    private static List<String> directoryNames(Metadata metadata) {
        return StreamSupport.stream(metadata.getDirectories().spliterator(), false)
                .map(Directory::getName)
                .toList();
    }

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        int w = actual.getWidth();
        int h = actual.getHeight();
        assertThat(actual.getRGB(0, 0, w, h, null, 0, w)).isEqualTo(expected.getRGB(0, 0, w, h, null, 0, w));
    }
}
