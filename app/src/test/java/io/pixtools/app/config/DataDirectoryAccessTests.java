package io.pixtools.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other users of the machine cannot enter the data directory: not its database's lock file, not the photos. */
class DataDirectoryAccessTests {

    @TempDir
    Path temp;

    @Test
    void aNewDataDirectoryIsTheOwnersAlone() throws Exception {
        Path dataDir = temp.resolve("a/b/data");

        assertThat(DataDirectoryAccess.restrict(dataDir)).isEmpty();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwx------");
    }

    @Test
    void anExistingOneIsClosedToOthersAndKeepsItsGroup() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("data"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(DataDirectoryAccess.restrict(dataDir))
                .hasValueSatisfying(line -> assertThat(line).contains("rwxr-x---"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwxr-x---");
        assertThat(DataDirectoryAccess.restrict(dataDir))
                .as("nothing more to do")
                .isEmpty();
    }
}
