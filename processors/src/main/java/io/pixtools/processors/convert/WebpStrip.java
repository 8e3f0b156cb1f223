package io.pixtools.processors.convert;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Takes the ICC profile, EXIF and XMP chunks out of a WebP file written by libvips, which is what {@code strip}
 * promises. libvips 8.14.0 and 8.14.1 (Debian 12's) ignore {@code strip} in their WebP saver: it reads a field of its
 * own that the option never sets (fixed in 8.14.2). Removing the fields from the image before saving is not enough
 * there, as that saver builds a fresh EXIF block from the header (resolution, size, orientation) when the image has
 * none. A saver that strips leaves none of these chunks, and then the file is only read.
 */
final class WebpStrip {

    private static final Set<String> METADATA = Set.of("ICCP", "EXIF", "XMP ");
    /** The VP8X flags that announce an ICC profile (0x20), EXIF (0x08) and XMP (0x04). */
    private static final int METADATA_FLAGS = 0x20 | 0x08 | 0x04;
    /** "RIFF", the size of what follows, "WEBP". */
    private static final int FILE_HEADER = 12;
    /** The chunk's four-character type and its size, without the padding byte of an odd size. */
    private static final int CHUNK_HEADER = 8;

    private static final int MOVE_BUFFER = 1 << 16;

    private WebpStrip() {}

    static void removeMetadata(Path webp) {
        try (FileChannel file = FileChannel.open(webp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<Chunk> chunks = chunks(file);
            if (chunks.stream().anyMatch(Chunk::metadata)) {
                compact(file, chunks.stream().filter(c -> !c.metadata()).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot strip metadata from " + webp.getFileName(), e);
        }
    }

    private static List<Chunk> chunks(FileChannel in) throws IOException {
        ByteBuffer header = read(in, 0, FILE_HEADER);
        if (!type(header, 0).equals("RIFF") || !type(header, 8).equals("WEBP")) {
            throw new IOException("no RIFF WEBP header");
        }
        long end = CHUNK_HEADER + Integer.toUnsignedLong(header.getInt(4));
        if (end > in.size()) {
            throw new IOException("the RIFF size is larger than the file");
        }
        List<Chunk> chunks = new ArrayList<>();
        long at = FILE_HEADER;
        while (at + CHUNK_HEADER <= end) {
            ByteBuffer chunkHeader = read(in, at, CHUNK_HEADER);
            long size = Integer.toUnsignedLong(chunkHeader.getInt(4));
            long length = CHUNK_HEADER + size + (size & 1);
            if (at + length > end) {
                throw new IOException("a chunk runs past the end of the file");
            }
            chunks.add(new Chunk(type(chunkHeader, 0), at, length));
            at += length;
        }
        return chunks;
    }

    /**
     * Moves the kept chunks up over the removed ones, in their order, and cuts the file after the last. It stays the
     * same file: a work file that nothing else reads yet, so a failure half-way fails the conversion, which starts
     * over in a new one. A new file for the result would cost an inode created and one freed for every WebP output,
     * and ext4 without a journal then skips each recently freed inode at every file it creates.
     */
    private static void compact(FileChannel file, List<Chunk> kept) throws IOException {
        long end = FILE_HEADER;
        for (Chunk chunk : kept) {
            if (chunk.type().equals("VP8X")) {
                ByteBuffer vp8x = read(file, chunk.offset(), (int) chunk.length());
                vp8x.put(CHUNK_HEADER, (byte) (vp8x.get(CHUNK_HEADER) & ~METADATA_FLAGS));
                writeFully(file, vp8x, end);
            } else if (chunk.offset() != end) {
                move(file, chunk, end);
            }
            end += chunk.length();
        }
        ByteBuffer riffSize = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        riffSize.putInt(0, (int) (end - CHUNK_HEADER));
        writeFully(file, riffSize, 4);
        file.truncate(end);
    }

    /** Copies the chunk to an earlier position: each piece is read before any write can reach it. */
    private static void move(FileChannel file, Chunk chunk, long to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MOVE_BUFFER, chunk.length()));
        for (long done = 0; done < chunk.length(); ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), chunk.length() - done));
            while (buffer.hasRemaining()) {
                if (file.read(buffer, chunk.offset() + done + buffer.position()) < 0) {
                    throw new EOFException("the file ends inside a chunk");
                }
            }
            writeFully(file, buffer.flip(), to + done);
            done += buffer.limit();
        }
    }

    private static ByteBuffer read(FileChannel in, long position, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the file ends inside a chunk");
            }
        }
        return buffer.flip();
    }

    private static void writeFully(FileChannel file, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            file.write(bytes, position + bytes.position());
        }
    }

    private static String type(ByteBuffer buffer, int index) {
        byte[] type = new byte[4];
        buffer.get(index, type);
        return new String(type, StandardCharsets.ISO_8859_1);
    }

    /** One RIFF chunk: its type and where it lies in the file, header and padding included. */
    private record Chunk(String type, long offset, long length) {

        boolean metadata() {
            return METADATA.contains(type);
        }
    }
}
