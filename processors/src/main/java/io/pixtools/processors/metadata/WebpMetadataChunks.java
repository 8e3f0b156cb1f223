package io.pixtools.processors.metadata;

import io.pixtools.processors.metadata.MetadataBudget.Allowance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A WebP (RIFF) file rebuilt from its metadata chunks ({@code VP8X}, {@code ICCP}, {@code EXIF}, {@code XMP }). */
final class WebpMetadataChunks {

    private static final Set<String> METADATA = Set.of("VP8X", "ICCP", "EXIF", "XMP ");

    private WebpMetadataChunks() {}

    static byte[] keep(ContainerReader in, Allowance allowance) throws IOException {
        String riff = ascii(in.bytes(4));
        in.u32(ByteOrder.LITTLE_ENDIAN);
        String webp = ascii(in.bytes(4));
        if (!riff.equals("RIFF") || !webp.equals("WEBP")) {
            throw new IOException("no RIFF WEBP header");
        }
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        while (in.remaining() >= 8) {
            String type = ascii(in.bytes(4));
            long size = in.u32(ByteOrder.LITTLE_ENDIAN);
            long padded = size + (size & 1);
            if (size > in.remaining()) {
                allowance.warn("chunks from " + type.strip() + " on skipped: the chunk is longer than the file");
                break;
            }
            if (!METADATA.contains(type) || !allowance.admit(type.strip() + " chunk", size)) {
                in.skip(Math.min(padded, in.remaining()));
                continue;
            }
            byte[] data = in.bytes(size);
            in.skip(Math.min(padded - size, in.remaining()));
            chunks.write(type.getBytes(StandardCharsets.ISO_8859_1));
            chunks.write(le32((int) size));
            chunks.write(data);
            if ((size & 1) == 1) {
                chunks.write(0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("RIFF".getBytes(StandardCharsets.ISO_8859_1));
        out.write(le32(4 + chunks.size()));
        out.write("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        chunks.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array();
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
