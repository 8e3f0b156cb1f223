package io.pixtools.bench;

import io.pixtools.processors.vips.Vips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's input photos, written once each into a work directory: mosaics of the real photos in
 * {@code source} (Debian's mate-backgrounds by default, see {@link BenchPhoto}), or {@code source} itself resized when
 * it is a file (the tests' small photo).
 */
final class BenchCorpus {

    static final Path MATE_PHOTOS = Path.of("/usr/share/backgrounds/mate/nature");

    private final Vips vips;
    private final Path source;
    private final Path dir;
    private final Map<CorpusPhoto, Path> written = new HashMap<>();

    BenchCorpus(Vips vips, Path source, Path dir) {
        this.vips = vips;
        this.source = source;
        this.dir = dir;
    }

    Path source() {
        return source;
    }

    /** The photo as a JPEG file, written on first use. */
    synchronized Path file(CorpusPhoto photo) throws IOException {
        Path file = written.get(photo);
        if (file == null) {
            Progress.say("writing the corpus photo " + photo.describe() + " at quality " + photo.quality());
            file = dir.resolve(photo.fileName());
            BenchPhoto.write(vips, source, photo.width(), photo.height(), file, "Q=" + photo.quality() + ",strip=true");
            written.put(photo, file);
        }
        return file;
    }

    /** {@code 12 MP (4000x3000), 1.60 MB}. */
    String describe(CorpusPhoto photo) throws IOException {
        return photo.describe() + ", " + Figures.fileSize(Files.size(file(photo)));
    }
}
