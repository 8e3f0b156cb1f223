package io.pixtools.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * No other user of the machine may enter the data directory: it holds the uploads, the results and the embedded
 * database, whose lock file names the loopback port and the key that open the database to a second process while
 * PixTools runs. A new directory is its owner's alone; an existing one loses what it granted to others and keeps what
 * it grants its group (a volume that containers of one group share).
 */
final class DataDirectoryAccess {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDirectoryAccess() {}

    /** What was done or could not be done, for the log; empty when there was nothing to say. */
    static Optional<String> restrict(Path dataDir) {
        try {
            if (Files.getFileStore(existingAncestor(dataDir)).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return Files.isDirectory(dataDir) ? closeToOthers(dataDir) : create(dataDir);
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("Could not close the data directory " + dataDir + " to other users: " + e);
        }
    }

    private static Optional<String> create(Path dataDir) throws IOException {
        Files.createDirectories(dataDir.getParent());
        Files.createDirectory(
                dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return Optional.empty();
    }

    private static Optional<String> closeToOthers(Path dataDir) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(dataDir));
        if (!permissions.removeAll(OTHERS)) {
            return Optional.empty();
        }
        Files.setPosixFilePermissions(dataDir, permissions);
        return Optional.of("The data directory " + dataDir + " was open to other users of this machine; now "
                + PosixFilePermissions.toString(permissions));
    }

    private static Path existingAncestor(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path.getRoot() : existing;
    }
}
