package io.pixtools.processors.metadata;

import io.pixtools.processors.metadata.MetadataBudget.Allowance;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks a TIFF's directories (IFD0 and the ones it links: next, EXIF, GPS, interoperability, sub-IFDs) the way
 * metadata-extractor will, and allows the file only when every value fits the limits and the file, the directories
 * do not loop and there are not absurdly many of them.
 */
final class TiffMetadataCheck {

    private static final int MAX_DIRECTORIES = 256;
    private static final int MAX_ENTRIES = 100_000;
    private static final Set<Integer> LINKS = Set.of(0x8769, 0x8825, 0xA005, 0x014A);

    private TiffMetadataCheck() {}

    static boolean check(ContainerReader in, Allowance allowance) throws IOException {
        int first = in.u16(ByteOrder.BIG_ENDIAN);
        ByteOrder order = switch (first) {
            case 0x4949 -> ByteOrder.LITTLE_ENDIAN;
            case 0x4D4D -> ByteOrder.BIG_ENDIAN;
            default -> throw new IOException("no TIFF byte order mark");
        };
        if (in.u16(order) != 42) {
            allowance.warn("metadata skipped: only classic TIFF metadata is read (this is BigTIFF or not TIFF)");
            return false;
        }
        Deque<Long> pending = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        pending.add(in.u32(order));
        int entries = 0;
        while (!pending.isEmpty()) {
            long offset = pending.poll();
            if (offset == 0 || !seen.add(offset)) {
                continue;
            }
            if (seen.size() > MAX_DIRECTORIES) {
                allowance.warn("metadata skipped: more than " + MAX_DIRECTORIES + " TIFF directories");
                return false;
            }
            in.seek(offset);
            int count = in.u16(order);
            entries += count;
            if (entries > MAX_ENTRIES || count * 12L + 4 > in.remaining()) {
                allowance.warn("metadata skipped: a TIFF directory is larger than the file or the limit of entries");
                return false;
            }
            for (int i = 0; i < count; i++) {
                in.seek(offset + 2 + i * 12L);
                int tag = in.u16(order);
                int type = in.u16(order);
                long bytes = in.u32(order) * unitSize(type);
                long value = in.u32(order);
                if (bytes > 4
                        && (value + bytes > in.size()
                                || !allowance.admit("TIFF tag 0x" + Integer.toHexString(tag), bytes))) {
                    if (value + bytes > in.size()) {
                        allowance.warn("metadata skipped: TIFF tag 0x" + Integer.toHexString(tag)
                                + " points past the end of the file");
                    }
                    return false;
                }
                if (LINKS.contains(tag)) {
                    pending.add(value);
                }
            }
            in.seek(offset + 2 + count * 12L);
            pending.add(in.u32(order));
        }
        return true;
    }

    /** Bytes per value of a TIFF field type. */
    private static int unitSize(int type) {
        return switch (type) {
            case 3, 8 -> 2;
            case 4, 9, 11, 13 -> 4;
            case 5, 10, 12, 16, 17, 18 -> 8;
            default -> 1;
        };
    }
}
