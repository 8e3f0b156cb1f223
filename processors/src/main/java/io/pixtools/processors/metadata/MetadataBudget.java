package io.pixtools.processors.metadata;

import io.pixtools.processors.image.ImageFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a file's metadata may be handed to metadata-extractor, which trusts every length it reads: a PNG text
 * chunk is inflated whole, a JPEG extended-XMP segment allocates the size it claims. Before parsing, the container
 * is walked here under explicit limits: each metadata segment, chunk or box at most {@code maxSegmentBytes}
 * (decompressed, for compressed chunks), all of them together at most {@code maxTotalBytes}, and no length may
 * point past the end of the file. JPEG, PNG, WebP and GIF are rebuilt with only the metadata that fits (image data
 * is left out, which also bounds GIF frames); TIFF and HEIF/AVIF are checked and skipped whole when something does
 * not fit. Whatever is left out is named in the warnings.
 */
public record MetadataBudget(int maxSegmentBytes, long maxTotalBytes) {

    public MetadataBudget {
        if (maxSegmentBytes < 1 || maxTotalBytes < maxSegmentBytes) {
            throw new IllegalArgumentException("metadata limits must be positive, the total at least one segment");
        }
    }

    public Budgeted apply(Path file, ImageFormat format) {
        Allowance allowance = new Allowance(maxSegmentBytes, maxTotalBytes);
        try (ContainerReader in = new ContainerReader(file)) {
            byte[] container = switch (format) {
                case JPEG -> JpegMetadataSegments.keep(in, allowance);
                case PNG -> PngMetadataChunks.keep(in, allowance);
                case WEBP -> WebpMetadataChunks.keep(in, allowance);
                case GIF -> GifMetadataBlocks.keep(in, allowance);
                case TIFF -> TiffMetadataCheck.check(in, allowance) ? Budgeted.WHOLE_FILE : null;
                case AVIF, HEIC -> HeifMetadataCheck.check(in, allowance) ? Budgeted.WHOLE_FILE : null;
            };
            return new Budgeted(container, allowance.warnings());
        } catch (IOException | RuntimeException e) {
            allowance.warn("metadata skipped: the file's structure is damaged (" + e.getMessage() + ")");
            return new Budgeted(null, allowance.warnings());
        }
    }

    /**
     * What to parse: {@code container} holds a rebuilt file with the metadata that fit, {@link #WHOLE_FILE} means the
     * original file passed its checks, and null means nothing is to be parsed.
     */
    public record Budgeted(byte[] container, List<String> warnings) {

        static final byte[] WHOLE_FILE = new byte[0];

        public Budgeted {
            warnings = List.copyOf(warnings);
        }

        public boolean skipped() {
            return container == null;
        }

        public boolean wholeFile() {
            return container == WHOLE_FILE;
        }
    }

    /** The running tally of one file: what has been kept, and what was left out and why. */
    static final class Allowance {

        private final int maxSegment;
        private final long maxTotal;
        private final List<String> warnings = new ArrayList<>();
        private long used;

        Allowance(int maxSegment, long maxTotal) {
            this.maxSegment = maxSegment;
            this.maxTotal = maxTotal;
        }

        int maxSegment() {
            return maxSegment;
        }

        /** Counts {@code bytes} of {@code what} against the limits; false (and a warning) when it does not fit. */
        boolean admit(String what, long bytes) {
            if (bytes > maxSegment) {
                warn(what + " skipped: " + bytes + " bytes, more than the limit of " + maxSegment
                        + " per metadata segment");
                return false;
            }
            if (used + bytes > maxTotal) {
                warn(what + " skipped: the file's metadata would exceed the limit of " + maxTotal + " bytes");
                return false;
            }
            used += bytes;
            return true;
        }

        void warn(String warning) {
            if (warnings.size() < 20) {
                warnings.add(warning);
            }
        }

        List<String> warnings() {
            return warnings;
        }
    }
}
