package io.pixtools.processors.metadata;

import io.pixtools.processors.metadata.MetadataBudget.Allowance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A JPEG rebuilt from its metadata segments (APPn, COM and the frame header), up to the start of the image data.
 * Extended XMP is checked as metadata-extractor would assemble it: the full length each part claims is allocated at
 * once, so it must fit the limit, agree between the parts, and every part must land inside it.
 */
final class JpegMetadataSegments {

    private static final byte[] EXTENDED_XMP =
            "http://ns.adobe.com/xmp/extension/\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Signature, 32-character GUID, full length, offset of this part. */
    private static final int EXTENDED_XMP_HEADER = EXTENDED_XMP.length + 32 + 4 + 4;

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private JpegMetadataSegments() {}

    static byte[] keep(ContainerReader in, Allowance allowance) throws IOException {
        if (in.u8() != 0xFF || in.u8() != 0xD8) {
            throw new IOException("no JPEG start marker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        Map<String, Long> extendedXmp = new HashMap<>();
        while (in.remaining() >= 2) {
            if (in.u8() != 0xFF) {
                allowance.warn("metadata after offset " + in.position() + " skipped: the JPEG segments are damaged");
                break;
            }
            int type = in.u8();
            while (type == 0xFF && in.remaining() > 0) {
                type = in.u8();
            }
            if (type == SOS || type == EOI) {
                break;
            }
            if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) {
                continue;
            }
            int length = in.u16(ByteOrder.BIG_ENDIAN);
            if (length < 2 || length - 2 > in.remaining()) {
                allowance.warn(
                        "metadata after offset " + in.position() + " skipped: a segment is longer than the file");
                break;
            }
            byte[] payload = in.bytes(length - 2);
            if (!isMetadata(type)
                    || !extendedXmpFits(payload, extendedXmp, allowance)
                    || !allowance.admit(name(type), payload.length)) {
                continue;
            }
            out.write(0xFF);
            out.write(type);
            out.write(length >> 8);
            out.write(length & 0xFF);
            out.write(payload);
        }
        out.write(0xFF);
        out.write(EOI);
        return out.toByteArray();
    }

    private static boolean extendedXmpFits(byte[] payload, Map<String, Long> seen, Allowance allowance) {
        if (payload.length < EXTENDED_XMP.length
                || !Arrays.equals(payload, 0, EXTENDED_XMP.length, EXTENDED_XMP, 0, EXTENDED_XMP.length)) {
            return true;
        }
        if (payload.length < EXTENDED_XMP_HEADER) {
            allowance.warn("extended XMP part skipped: shorter than its header");
            return false;
        }
        String guid = new String(payload, EXTENDED_XMP.length, 32, StandardCharsets.ISO_8859_1);
        ByteBuffer numbers = ByteBuffer.wrap(payload, EXTENDED_XMP.length + 32, 8);
        long fullLength = numbers.getInt() & 0xFFFFFFFFL;
        long offset = numbers.getInt() & 0xFFFFFFFFL;
        Long known = seen.get(guid);
        if (known == null) {
            if (!allowance.admit("extended XMP (" + fullLength + " bytes claimed)", fullLength)) {
                seen.put(guid, -1L);
                return false;
            }
            seen.put(guid, fullLength);
            known = fullLength;
        }
        if (known != fullLength || offset + payload.length - EXTENDED_XMP_HEADER > fullLength) {
            if (known >= 0) {
                allowance.warn("extended XMP part skipped: it does not fit the length its first part claimed");
            }
            return false;
        }
        return true;
    }

    private static boolean isMetadata(int type) {
        boolean app = type >= 0xE0 && type <= 0xEF;
        boolean frame = type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC;
        return app || frame || type == 0xFE;
    }

    private static String name(int type) {
        if (type >= 0xE0 && type <= 0xEF) {
            return "APP" + (type - 0xE0) + " segment";
        }
        return type == 0xFE ? "comment segment" : "frame header";
    }
}
