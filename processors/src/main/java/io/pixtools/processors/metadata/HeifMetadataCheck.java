package io.pixtools.processors.metadata;

import io.pixtools.processors.metadata.MetadataBudget.Allowance;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a HEIF/AVIF file's boxes the way metadata-extractor will (top level, then {@code meta} and the item and
 * property boxes inside it), and allows the file only when every box fits inside its container and the Exif items
 * it would read fit the limits and the file.
 */
final class HeifMetadataCheck {

    private static final int MAX_BOXES = 10_000;
    private static final int MAX_DEPTH = 8;
    private static final Set<String> CONTAINERS = Set.of("iprp", "ipco", "dinf");

    private final ContainerReader in;
    private final Set<Long> exifItems = new HashSet<>();
    private final List<long[]> extents = new ArrayList<>();
    private int boxes;

    private HeifMetadataCheck(ContainerReader in) {
        this.in = in;
    }

    static boolean check(ContainerReader in, Allowance allowance) throws IOException {
        HeifMetadataCheck check = new HeifMetadataCheck(in);
        String problem = check.boxes(in.size(), 0);
        if (problem == null) {
            for (long[] extent : check.extents) {
                if (!check.exifItems.contains(extent[0])) {
                    continue;
                }
                if (extent[1] < 0 || extent[1] + extent[2] > in.size()) {
                    problem = "an Exif item points past the end of the file";
                    break;
                }
                if (!allowance.admit("Exif item", extent[2])) {
                    return false;
                }
            }
        }
        if (problem != null) {
            allowance.warn("metadata skipped: " + problem);
            return false;
        }
        return true;
    }

    /** Walks the boxes up to {@code end}; returns what is wrong, or null. */
    private String boxes(long end, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            return "boxes are nested more than " + MAX_DEPTH + " deep";
        }
        while (end - in.position() >= 8) {
            long start = in.position();
            long size = in.u32(ByteOrder.BIG_ENDIAN);
            String type = new String(in.bytes(4), StandardCharsets.ISO_8859_1);
            long header = 8;
            if (size == 1) {
                size = in.u64();
                header = 16;
            } else if (size == 0) {
                size = end - start;
            }
            if (size < header || size > end - start) {
                return "box '" + type + "' is larger than its container";
            }
            if (++boxes > MAX_BOXES) {
                return "more than " + MAX_BOXES + " boxes";
            }
            String problem = switch (type) {
                case "meta" -> {
                    in.skip(4);
                    yield boxes(start + size, depth + 1);
                }
                case "iinf" -> {
                    int version = in.u8();
                    in.skip(3 + (version == 0 ? 2 : 4));
                    yield boxes(start + size, depth + 1);
                }
                case "infe" -> itemInfo();
                case "iloc" -> itemLocations(start + size);
                default -> CONTAINERS.contains(type) ? boxes(start + size, depth + 1) : null;
            };
            if (problem != null) {
                return problem;
            }
            in.seek(start + size);
        }
        return null;
    }

    private String itemInfo() throws IOException {
        int version = in.u8();
        in.skip(3);
        if (version >= 2) {
            long id = version == 2 ? in.u16(ByteOrder.BIG_ENDIAN) : in.u32(ByteOrder.BIG_ENDIAN);
            in.skip(2);
            if (new String(in.bytes(4), StandardCharsets.ISO_8859_1).equals("Exif")) {
                exifItems.add(id);
            }
        }
        return null;
    }

    private String itemLocations(long end) throws IOException {
        int version = in.u8();
        in.skip(3);
        int sizes = in.u8();
        int more = in.u8();
        int offsetSize = sizes >> 4;
        int lengthSize = sizes & 0x0F;
        int baseOffsetSize = more >> 4;
        int indexSize = version == 1 || version == 2 ? more & 0x0F : 0;
        long items = version < 2 ? in.u16(ByteOrder.BIG_ENDIAN) : in.u32(ByteOrder.BIG_ENDIAN);
        for (long i = 0; i < items; i++) {
            if (in.position() >= end || i >= MAX_BOXES) {
                return "the item locations are larger than their box";
            }
            long id = version < 2 ? in.u16(ByteOrder.BIG_ENDIAN) : in.u32(ByteOrder.BIG_ENDIAN);
            if (version == 1 || version == 2) {
                in.skip(2);
            }
            in.skip(2);
            long base = in.unsigned(baseOffsetSize);
            int count = in.u16(ByteOrder.BIG_ENDIAN);
            for (int e = 0; e < count; e++) {
                in.unsigned(indexSize);
                long offset = in.unsigned(offsetSize);
                long length = in.unsigned(lengthSize);
                if (in.position() > end || extents.size() >= MAX_BOXES) {
                    return "the item locations are larger than their box or the limit";
                }
                extents.add(new long[] {id, base + offset, length});
            }
        }
        return null;
    }
}
