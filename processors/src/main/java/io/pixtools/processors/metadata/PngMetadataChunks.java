package io.pixtools.processors.metadata;

import io.pixtools.processors.metadata.MetadataBudget.Allowance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG rebuilt from the chunks metadata-extractor reads, without the image data. Compressed text and ICC profile
 * chunks ({@code zTXt}, compressed {@code iTXt}, {@code iCCP}) are inflated here first, counting bytes and stopping
 * at the limit, because metadata-extractor inflates them whole: a 2 MB chunk can inflate to gigabytes.
 */
final class PngMetadataChunks {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final Set<String> METADATA = Set.of(
            "IHDR", "tEXt", "zTXt", "iTXt", "iCCP", "eXIf", "tIME", "pHYs", "sRGB", "gAMA", "cHRM", "sBIT", "bKGD");

    private PngMetadataChunks() {}

    static byte[] keep(ContainerReader in, Allowance allowance) throws IOException {
        if (!Arrays.equals(in.bytes(SIGNATURE.length), SIGNATURE)) {
            throw new IOException("no PNG signature");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SIGNATURE);
        while (in.remaining() >= 12) {
            long length = in.u32(ByteOrder.BIG_ENDIAN);
            byte[] typeBytes = in.bytes(4);
            String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
            if (length > in.remaining() - 4) {
                allowance.warn("chunks from " + type + " on skipped: the chunk is longer than the file");
                break;
            }
            if (type.equals("IEND")) {
                break;
            }
            if (!METADATA.contains(type) || !allowance.admit(type + " chunk", length)) {
                in.skip(length + 4);
                continue;
            }
            byte[] data = in.bytes(length);
            byte[] crc = in.bytes(4);
            long inflated = inflatedSize(type, data, allowance.maxSegment());
            if (inflated > allowance.maxSegment()) {
                allowance.warn(type + " chunk skipped: it inflates to more than the limit of " + allowance.maxSegment()
                        + " bytes per metadata segment");
                continue;
            }
            if (inflated > 0 && !allowance.admit(type + " chunk (inflated)", inflated)) {
                continue;
            }
            writeU32(out, length);
            out.write(typeBytes);
            out.write(data);
            out.write(crc);
        }
        out.write(IEND);
        return out.toByteArray();
    }

    /** How many bytes a compressed chunk inflates to, counted up to one past {@code limit}; 0 when not compressed. */
    private static long inflatedSize(String type, byte[] data, int limit) {
        int start = switch (type) {
            // keyword, NUL, compression method, compressed data
            case "zTXt", "iCCP" -> afterNul(data, 0) + 2;
            // keyword, NUL, compression flag, method, language, NUL, translated keyword, NUL, text
            case "iTXt" -> {
                int nul = afterNul(data, 0);
                if (nul + 2 >= data.length || data[nul + 1] == 0) {
                    yield -1;
                }
                int language = afterNul(data, nul + 3);
                yield afterNul(data, language + 1) + 1;
            }
            default -> -1;
        };
        if (start < 0 || start > data.length) {
            return 0;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, start, data.length - start);
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            while (!inflater.finished() && total <= limit) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (DataFormatException e) {
            return 0;
        } finally {
            inflater.end();
        }
    }

    /** The index of the NUL that ends the text starting at {@code from} (the array's length when there is none). */
    private static int afterNul(byte[] data, int from) {
        for (int i = Math.max(0, from); i < data.length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return data.length;
    }

    private static void writeU32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 24) & 0xFF);
        out.write((int) (value >>> 16) & 0xFF);
        out.write((int) (value >>> 8) & 0xFF);
        out.write((int) value & 0xFF);
    }
}
