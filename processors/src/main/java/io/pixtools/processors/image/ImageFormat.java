package io.pixtools.processors.image;

import io.pixtools.processors.vips.Vips.Loader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Input formats, recognised by their leading bytes, never by file name or Content-Type. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg", Loader.JPEG),
    PNG("image/png", "png", Loader.PNG),
    WEBP("image/webp", "webp", Loader.WEBP),
    GIF("image/gif", "gif", Loader.GIF),
    TIFF("image/tiff", "tif", Loader.TIFF),
    AVIF("image/avif", "avif", Loader.HEIF),
    HEIC("image/heic", "heic", Loader.HEIF);

    /** How many leading bytes {@link #detect(byte[])} needs. */
    static final int HEAD_BYTES = 64;

    /** Formats we name in error messages but never accept. */
    private static final String[][] KNOWN_OTHERS = {
        {"BM", "bmp"},
        {"%PDF", "pdf"},
        {"8BPS", "psd"},
        {"<svg", "svg"},
        {"<?xml", "xml/svg"},
        {"\u00ff\n", "jpeg-xl"},
        {"II\u00bc", "jpeg-xr"},
        {"PK\u0003\u0004", "zip"},
    };

    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> HEIC_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");

    private final String mediaType;
    private final String extension;
    private final Loader loader;

    ImageFormat(String mediaType, String extension, Loader loader) {
        this.mediaType = mediaType;
        this.extension = extension;
        this.loader = loader;
    }

    /** The libvips loader that reads this format. */
    public Loader loader() {
        return loader;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImageFormat> fromId(String id) {
        return Arrays.stream(values())
                .filter(f -> f.id().equalsIgnoreCase(id.strip()))
                .findFirst();
    }

    public static Optional<ImageFormat> detect(byte[] head) {
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (startsWith(head, 0, 'I', 'I', 0x2A, 0x00) || startsWith(head, 0, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        if (ascii(head, 4, "ftyp")) {
            return isoBrand(head);
        }
        return Optional.empty();
    }

    /** The format of a file from its leading bytes. */
    public static Optional<ImageFormat> detect(Path file) {
        return detect(head(file));
    }

    static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A short name for a format we recognise but do not accept, for error messages. */
    public static String describeUnsupported(byte[] head) {
        for (String[] known : KNOWN_OTHERS) {
            if (ascii(head, 0, known[0])) {
                return known[1];
            }
        }
        return "unknown";
    }

    /** HEIF-family files: the major brand decides, then the compatible brands (an AVIF may say mif1 first). */
    private static Optional<ImageFormat> isoBrand(byte[] head) {
        if (head.length < 12) {
            return Optional.empty();
        }
        int boxSize = Math.min(
                head.length,
                ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF));
        boolean heic = false;
        for (int offset = 8; offset + 4 <= boxSize; offset += 4) {
            if (offset == 12) {
                continue; // minor version, not a brand
            }
            String brand = new String(head, offset, 4, StandardCharsets.ISO_8859_1);
            if (AVIF_BRANDS.contains(brand)) {
                return Optional.of(AVIF);
            }
            heic |= HEIC_BRANDS.contains(brand);
        }
        return heic ? Optional.of(HEIC) : Optional.empty();
    }

    private static boolean startsWith(byte[] head, int offset, int... expected) {
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int offset, String expected) {
        return startsWith(head, offset, expected.chars().toArray());
    }
}
