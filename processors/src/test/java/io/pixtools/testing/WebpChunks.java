package io.pixtools.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The RIFF chunks of a WebP file, read from its bytes without any image library: their types in file order, and the
 * flags of its VP8X chunk (0 without one), which announce ICC (0x20), alpha (0x10), EXIF (0x08) and XMP (0x04).
 */
public record WebpChunks(List<String> types, int vp8xFlags) {

    public static final int ICC_FLAG = 0x20;
    public static final int ALPHA_FLAG = 0x10;
    public static final int EXIF_FLAG = 0x08;
    public static final int XMP_FLAG = 0x04;

    public static WebpChunks of(Path webp) {
        ByteBuffer file;
        try {
            file = ByteBuffer.wrap(Files.readAllBytes(webp)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!fourCc(file, 0).equals("RIFF") || !fourCc(file, 8).equals("WEBP")) {
            throw new IllegalArgumentException(webp + " is not a WebP file");
        }
        if (8L + Integer.toUnsignedLong(file.getInt(4)) != file.limit()) {
            throw new IllegalArgumentException(webp + ": the RIFF size does not match the file size");
        }
        List<String> types = new ArrayList<>();
        int flags = 0;
        int at = 12;
        while (at < file.limit()) {
            String type = fourCc(file, at);
            int size = file.getInt(at + 4);
            types.add(type);
            if (type.equals("VP8X")) {
                flags = file.get(at + 8) & 0xFF;
            }
            at += 8 + size + (size & 1);
        }
        if (at != file.limit()) {
            throw new IllegalArgumentException(webp + ": the last chunk runs past the end of the file");
        }
        return new WebpChunks(List.copyOf(types), flags);
    }

    private static String fourCc(ByteBuffer file, int at) {
        byte[] type = new byte[4];
        file.get(at, type);
        return new String(type, StandardCharsets.ISO_8859_1);
    }
}
