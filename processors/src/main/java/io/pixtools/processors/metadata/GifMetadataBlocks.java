package io.pixtools.processors.metadata;

import io.pixtools.processors.metadata.MetadataBudget.Allowance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A GIF rebuilt from its header and the extension blocks before the first frame (where XMP and comments live),
 * without any frame: a GIF of many thousands of frames costs nothing more than one of a single frame.
 */
final class GifMetadataBlocks {

    private static final int EXTENSION = 0x21;
    private static final int TRAILER = 0x3B;

    private GifMetadataBlocks() {}

    static byte[] keep(ContainerReader in, Allowance allowance) throws IOException {
        byte[] header = in.bytes(6);
        String signature = new String(header, StandardCharsets.ISO_8859_1);
        if (!signature.equals("GIF87a") && !signature.equals("GIF89a")) {
            throw new IOException("no GIF signature");
        }
        byte[] screen = in.bytes(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        out.write(screen);
        if ((screen[4] & 0x80) != 0) {
            out.write(in.bytes(3L << ((screen[4] & 0x07) + 1)));
        }
        while (in.remaining() > 0) {
            int block = in.u8();
            if (block != EXTENSION) {
                break;
            }
            int label = in.u8();
            byte[] data = subBlocks(in, allowance.maxSegment());
            if (data == null) {
                allowance.warn("GIF extension 0x" + Integer.toHexString(label) + " skipped: more than the limit of "
                        + allowance.maxSegment() + " bytes per metadata segment");
                continue;
            }
            if (allowance.admit("GIF extension 0x" + Integer.toHexString(label), data.length)) {
                out.write(EXTENSION);
                out.write(label);
                out.write(data);
            }
        }
        out.write(TRAILER);
        return out.toByteArray();
    }

    /** The sub-blocks of one extension as stored (sizes and terminator included), or null past {@code limit} bytes. */
    private static byte[] subBlocks(ContainerReader in, int limit) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        boolean tooLarge = false;
        for (int size = in.u8(); size > 0; size = in.u8()) {
            if (tooLarge || data.size() + size + 1 > limit) {
                tooLarge = true;
                in.skip(size);
                continue;
            }
            data.write(size);
            data.write(in.bytes(size));
        }
        data.write(0);
        return tooLarge ? null : data.toByteArray();
    }
}
