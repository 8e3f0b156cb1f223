package io.pixtools.testing;

import io.pixtools.processors.vips.Vips;
import io.pixtools.processors.vips.VipsImage;
import io.pixtools.processors.vips.VipsSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Fixtures under processors/src/test/resources/images and helpers to look at pixels. */
public final class TestImages {

    private static Path extracted;

    private TestImages() {}

    public static Vips vips() {
        return Vips.initialise(VipsSettings.forServer(2));
    }

    /**
     * A fixture as a file. Other modules' tests get the fixtures from processors' test jar once the build has packaged
     * it; those are copied out once, to a temporary directory, under their own names.
     */
    public static Path fixture(String name) {
        URL url = TestImages.class.getResource("/images/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            synchronized (TestImages.class) {
                if (extracted == null) {
                    extracted = Files.createTempDirectory("pix-fixtures-");
                }
                Path copy = extracted.resolve(name);
                if (!Files.exists(copy)) {
                    try (InputStream in = url.openStream()) {
                        Files.copy(in, copy);
                    }
                }
                return copy;
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("no fixture " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes any format libvips reads (WebP and AVIF included) by way of a lossless PNG. */
    public static BufferedImage decode(Path file) {
        try {
            Path png = Files.createTempFile("pix-decode-", ".png");
            try (VipsImage image = vips().open(file)) {
                vips().write(image, png, "");
                return ImageIO.read(png.toFile());
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            Path file = Files.createTempFile("pix-bytes-", ".bin");
            try {
                Files.write(file, bytes);
                return decode(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Peak signal-to-noise ratio over the RGB channels, in dB; infinite for identical images. */
    public static double psnr(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs "
                    + b.getWidth() + "x" + b.getHeight());
        }
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = ((p >> shift) & 0xFF) - ((q >> shift) & 0xFF);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * a.getWidth() * a.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Rotates 90 degrees clockwise, as EXIF orientation 6 asks a viewer to. */
    public static BufferedImage rotateClockwise(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getHeight(), source.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                out.setRGB(source.getHeight() - 1 - y, x, source.getRGB(x, y));
            }
        }
        return out;
    }

    public static BufferedImage rotateCounterClockwise(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getHeight(), source.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                out.setRGB(y, source.getWidth() - 1 - x, source.getRGB(x, y));
            }
        }
        return out;
    }

    /**
     * A decompression bomb: a valid PNG whose header claims {@code width x height} RGB pixels, with one short row of
     * data. Decoding it would need width*height*3 bytes; reading the header costs nothing.
     */
    public static byte[] bombPng(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[1024]);
        deflater.finish();
        byte[] compressed = new byte[2048];
        int length = deflater.deflate(compressed);
        chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    public static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
