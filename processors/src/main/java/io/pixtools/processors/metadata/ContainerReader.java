package io.pixtools.processors.metadata;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positioned reads of an image file's container structure (segments, chunks, boxes, IFDs) without loading the file:
 * every read says how many bytes it needs and fails when the file has fewer, so a length field can never make it
 * allocate more than the file holds.
 */
final class ContainerReader implements AutoCloseable {

    private final FileChannel channel;
    private final long size;
    private long position;

    ContainerReader(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    long position() {
        return position;
    }

    long remaining() {
        return size - position;
    }

    void seek(long to) throws IOException {
        if (to < 0 || to > size) {
            throw new EOFException("offset " + to + " is outside the file (" + size + " bytes)");
        }
        position = to;
    }

    void skip(long count) throws IOException {
        seek(position + count);
    }

    byte[] bytes(long count) throws IOException {
        if (count < 0 || count > remaining()) {
            throw new EOFException("needs " + count + " bytes at offset " + position + "; the file has " + remaining());
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("file ended at offset " + (position + buffer.position()));
            }
        }
        position += count;
        return buffer.array();
    }

    int u8() throws IOException {
        return bytes(1)[0] & 0xFF;
    }

    int u16(ByteOrder order) throws IOException {
        return ByteBuffer.wrap(bytes(2)).order(order).getShort() & 0xFFFF;
    }

    long u32(ByteOrder order) throws IOException {
        return ByteBuffer.wrap(bytes(4)).order(order).getInt() & 0xFFFFFFFFL;
    }

    long u64() throws IOException {
        return ByteBuffer.wrap(bytes(8)).getLong();
    }

    /** Reads an unsigned big-endian number of 0, 4 or 8 bytes (ISO BMFF's variable-size fields). */
    long unsigned(int byteCount) throws IOException {
        return switch (byteCount) {
            case 0 -> 0;
            case 4 -> u32(ByteOrder.BIG_ENDIAN);
            case 8 -> u64();
            default -> throw new IOException("unsupported field size " + byteCount);
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
