package io.pixtools.testing;

import static io.pixtools.testing.TestImages.fixture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A generated corpus of hostile images: decompression bombs in every metadata kind PixTools reads, lengths that point
 * past the end of the file, loops, damaged pixel data, polyglots, many frames. Each is small on disk; what it would
 * cost a naive parser is in the name. Used by the processor tests, the API tests and the fault suite.
 */
public final class HostileImages {

    private static final long TWO_GIB = 2L << 30;
    private static final String EXTENDED_XMP = "http://ns.adobe.com/xmp/extension/\0";

    private HostileImages() {}

    /** Every case, by name; {@code inflatedBytes} is what the compression bombs inflate to. */
    public static Map<String, byte[]> corpus(long inflatedBytes) {
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        corpus.put("png-ztxt-bomb.png", pngTextBomb("zTXt", inflatedBytes));
        corpus.put("png-itxt-bomb.png", pngTextBomb("iTXt", inflatedBytes));
        corpus.put("png-iccp-bomb.png", pngTextBomb("iCCP", inflatedBytes));
        corpus.put("png-chunk-length-2gb.png", pngChunkClaiming(TWO_GIB - 1));
        corpus.put("png-pixel-bomb-100kx100k.png", TestImages.bombPng(100_000, 100_000));
        corpus.put("jpeg-extended-xmp-2gb.jpg", jpegExtendedXmp(0x7FFFFFF0L));
        corpus.put("jpeg-segment-past-end.jpg", jpegSegmentPastEnd());
        corpus.put("jpeg-truncated-half.jpg", truncated(read("camera.jpg"), 0.5));
        corpus.put("jpeg-corrupt-scan.jpg", corruptScan(read("camera.jpg")));
        corpus.put("jpeg-zip-polyglot.jpg", polyglot(read("camera.jpg")));
        corpus.put("jpeg-deep-xmp.jpg", jpegDeepXmp(20_000));
        corpus.put("webp-chunk-2gb.webp", webpChunkClaiming(TWO_GIB - 2));
        corpus.put("gif-comment-5mb.gif", gifComment(5 << 20));
        corpus.put("gif-20000-frames.gif", gifFrames(20_000));
        corpus.put("tiff-tag-past-end.tif", tiffTagPastEnd());
        corpus.put("tiff-ifd-loop.tif", tiffIfdLoop());
        corpus.put("heif-box-too-large.avif", heifBoxTooLarge(read("rocket.avif")));
        corpus.put("empty.png", new byte[0]);
        corpus.put("random-bytes.jpg", randomAfter(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, 4096));
        return corpus;
    }

    /** A 1x1 PNG whose {@code type} chunk (zTXt, compressed iTXt or iCCP) inflates to {@code inflated} zero bytes. */
    public static byte[] pngTextBomb(String type, long inflated) {
        byte[] compressed = zeros(inflated);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        switch (type) {
            case "zTXt" -> data.writeBytes("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1));
            case "iCCP" -> data.writeBytes("profile\0\0".getBytes(StandardCharsets.ISO_8859_1));
            case "iTXt" -> data.writeBytes("XML:com.adobe.xmp\0\1\0en\0\0".getBytes(StandardCharsets.ISO_8859_1));
            default -> throw new IllegalArgumentException(type);
        }
        data.writeBytes(compressed);
        return png(
                chunk("tEXt", "Title\0still readable".getBytes(StandardCharsets.ISO_8859_1)),
                chunk(type, data.toByteArray()));
    }

    /** A PNG whose tEXt chunk claims {@code length} bytes and holds a handful. */
    public static byte[] pngChunkClaiming(long length) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes(ByteBuffer.allocate(4).putInt((int) length).array());
        chunk.writeBytes("tEXt".getBytes(StandardCharsets.ISO_8859_1));
        chunk.writeBytes("Title\0short".getBytes(StandardCharsets.ISO_8859_1));
        return png(chunk.toByteArray());
    }

    /** camera.jpg with an XMP packet that announces extended XMP and one extension part claiming {@code fullLength}. */
    public static byte[] jpegExtendedXmp(long fullLength) {
        String guid = "0123456789ABCDEF0123456789ABCDEF";
        String xmp =
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        + "<rdf:Description rdf:about=\"\" xmlns:xmpNote=\"http://ns.adobe.com/xmp/note/\" xmpNote:HasExtendedXMP=\""
                        + guid + "\"/></rdf:RDF></x:xmpmeta>";
        byte[] main = app1(("http://ns.adobe.com/xap/1.0/\0" + xmp).getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream extension = new ByteArrayOutputStream();
        extension.writeBytes((EXTENDED_XMP + guid).getBytes(StandardCharsets.ISO_8859_1));
        extension.writeBytes(
                ByteBuffer.allocate(8).putInt((int) fullLength).putInt(0).array());
        extension.writeBytes("<x/>".getBytes(StandardCharsets.ISO_8859_1));
        return afterSoi(read("tagged.jpg"), main, app1(extension.toByteArray()));
    }

    /** A JPEG with an XMP packet nested {@code depth} levels deep, to overflow a recursive parser's stack. */
    public static byte[] jpegDeepXmp(int depth) {
        StringBuilder xmp = new StringBuilder(
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        + "<rdf:Description rdf:about=\"\" xmlns:d=\"http://purl.org/dc/elements/1.1/\"><d:subject>");
        xmp.append("<rdf:Bag><rdf:li>".repeat(depth)).append("deep").append("</rdf:li></rdf:Bag>".repeat(depth));
        xmp.append("</d:subject></rdf:Description></rdf:RDF></x:xmpmeta>");
        byte[] packet = xmp.toString().getBytes(StandardCharsets.ISO_8859_1);
        // Split across APP1 segments is not allowed for standard XMP: keep it within one segment's 64 KB.
        int limit = 65_000;
        return afterSoi(
                read("camera.jpg"),
                app1(("http://ns.adobe.com/xap/1.0/\0"
                                + new String(packet, 0, Math.min(packet.length, limit), StandardCharsets.ISO_8859_1))
                        .getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** A JPEG whose first APP segment says it is longer than the rest of the file. */
    public static byte[] jpegSegmentPastEnd() {
        return new byte[] {
            (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, (byte) 0xFF, (byte) 0xF0, 'E', 'x', 'i', 'f', 0, 0
        };
    }

    /** A WebP whose EXIF chunk claims {@code size} bytes. */
    public static byte[] webpChunkClaiming(long size) {
        byte[] webp = read("chelsea.webp");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(webp);
        out.writeBytes("EXIF".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) size)
                .array());
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        byte[] bytes = out.toByteArray();
        ByteBuffer.wrap(bytes, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 8);
        return bytes;
    }

    /** A 1x1 GIF with a comment extension of {@code bytes} bytes before its frame. */
    public static byte[] gifComment(int bytes) {
        ByteArrayOutputStream out = gifStart();
        out.write(0x21);
        out.write(0xFE);
        for (int left = bytes; left > 0; left -= 255) {
            int n = Math.min(255, left);
            out.write(n);
            out.writeBytes(new byte[n]);
        }
        out.write(0);
        gifFrame(out);
        out.write(0x3B);
        return out.toByteArray();
    }

    /** A 1x1 GIF of {@code frames} frames. */
    public static byte[] gifFrames(int frames) {
        ByteArrayOutputStream out = gifStart();
        for (int i = 0; i < frames; i++) {
            gifFrame(out);
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /** A little-endian TIFF whose ImageDescription points far past the end of the file. */
    public static byte[] tiffTagPastEnd() {
        ByteBuffer tiff = tiffHeader(1);
        entry(tiff, 0x010E, 2, 0x7FFF0000, 0x7FFF0000);
        tiff.putInt(0);
        return tiff.array();
    }

    /** A TIFF whose first directory names itself as the next one. */
    public static byte[] tiffIfdLoop() {
        ByteBuffer tiff = tiffHeader(1);
        entry(tiff, 0x0100, 3, 1, 1);
        tiff.putInt(8);
        return tiff.array();
    }

    /** rocket.avif with its first box (ftyp) claiming to be far longer than the file. */
    public static byte[] heifBoxTooLarge(byte[] avif) {
        byte[] copy = avif.clone();
        ByteBuffer.wrap(copy, 0, 4).putInt(0x7FFFFFF0);
        return copy;
    }

    public static byte[] truncated(byte[] image, double fraction) {
        return Arrays.copyOf(image, (int) (image.length * fraction));
    }

    /** Overwrites part of the entropy-coded data with markers and filler: libjpeg warns "Corrupt JPEG data". */
    public static byte[] corruptScan(byte[] jpeg) {
        byte[] copy = jpeg.clone();
        int at = copy.length / 3;
        Arrays.fill(copy, at, at + 400, (byte) 0x55);
        System.arraycopy(
                new byte[] {(byte) 0xFF, (byte) 0xD0, (byte) 0xFF, (byte) 0xD3, (byte) 0xFF, (byte) 0xD5},
                0,
                copy,
                at + 9000,
                6);
        return copy;
    }

    /** A valid JPEG with a ZIP archive appended (both readers accept the file). */
    public static byte[] polyglot(byte[] jpeg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(jpeg);
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("index.html"));
            zip.write("<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] randomAfter(byte[] prefix, int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        return bytes;
    }

    private static final Map<Long, byte[]> DEFLATED_ZEROS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Deflates {@code count} zero bytes, in blocks, without holding them in memory (once per count). */
    public static byte[] zeros(long count) {
        return DEFLATED_ZEROS.computeIfAbsent(count, HostileImages::deflateZeros);
    }

    private static byte[] deflateZeros(long count) {
        Deflater deflater = new Deflater(9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] block = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (long left = count; left > 0; left -= block.length) {
            deflater.setInput(block, 0, (int) Math.min(block.length, left));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] png(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(chunk(
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(1)
                        .putInt(1)
                        .put((byte) 8)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array()));
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[2]);
        deflater.finish();
        byte[] idat = new byte[64];
        int n = deflater.deflate(idat);
        out.writeBytes(chunk("IDAT", Arrays.copyOf(idat, n)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    private static byte[] app1(byte[] payload) {
        ByteBuffer segment = ByteBuffer.allocate(payload.length + 4);
        segment.put((byte) 0xFF)
                .put((byte) 0xE1)
                .putShort((short) (payload.length + 2))
                .put(payload);
        return segment.array();
    }

    private static byte[] afterSoi(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] segment : segments) {
            out.writeBytes(segment);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static ByteArrayOutputStream gifStart() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GIF89a".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] {1, 0, 1, 0, (byte) 0x80, 0, 0});
        out.writeBytes(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        return out;
    }

    private static void gifFrame(ByteArrayOutputStream out) {
        out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0});
        out.writeBytes(new byte[] {2, 2, 0x44, 0x01, 0});
    }

    private static ByteBuffer tiffHeader(int entries) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + entries * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries);
        return tiff;
    }

    private static void entry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count).putInt(value);
    }

    private static byte[] read(String fixture) {
        try {
            return Files.readAllBytes(fixture(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
