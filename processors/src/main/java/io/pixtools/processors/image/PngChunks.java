package io.pixtools.processors.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The chunk lengths of a PNG, checked against the file before libvips reads it: its PNG loader allocates what a
 * chunk claims before reading it, so a 60-byte file whose text chunk claims 2 GB cost 2 GB of memory.
 */
final class PngChunks {

    private static final int SIGNATURE = 8;
    private static final int MAX_CHUNKS = 1_000_000;

    private PngChunks() {}

    /** Why the chunks do not fit the file, or null when they do. */
    static String problem(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = SIGNATURE;
            ByteBuffer header = ByteBuffer.allocate(8);
            for (int chunks = 0; position + 12 <= size && chunks < MAX_CHUNKS; chunks++) {
                header.clear();
                while (header.hasRemaining() && channel.read(header, position + header.position()) > 0) {
                    // read the length and type
                }
                long length = header.getInt(0) & 0xFFFFFFFFL;
                String type = new String(header.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (length > size - position - 12) {
                    return "its " + type + " chunk claims " + length + " bytes, more than the file holds";
                }
                if (type.equals("IEND")) {
                    return null;
                }
                position += 12 + length;
            }
            return null;
        }
    }
}
