package io.pixtools.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scratch directories of this process under the data directory: work files ({@code tmp/}), multipart uploads
 * ({@code uploads/}) and the web server's own files ({@code tomcat/}), each in a subdirectory named after the process
 * id, because several processes may share one data directory. At start-up, the subdirectories of processes that no
 * longer run (and this process id's own, left by an earlier life in a container) are deleted: a crash leaves its
 * temp files behind, and nothing else would ever remove them.
 */
public final class ProcessDirectories {

    static final List<String> ROOTS = List.of("tmp", "uploads", "tomcat");

    private ProcessDirectories() {}

    /** This process's subdirectory of {@code root} ({@code tmp}, {@code uploads} or {@code tomcat}). */
    public static Path of(Path dataDir, String root) {
        return dataDir.resolve(root)
                .resolve(Long.toString(ProcessHandle.current().pid()))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Deletes what dead processes (and an earlier life of this process id) left under the scratch roots; returns
     * what it did, for the log.
     */
    public static List<String> sweep(Path dataDir) {
        List<String> report = new java.util.ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (String root : ROOTS) {
            Path parent = dataDir.resolve(root);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> children = Files.list(parent)) {
                for (Path child : children.toList()) {
                    if (isStale(child.getFileName().toString(), self)) {
                        long removed = deleteRecursively(child);
                        if (removed > 0) {
                            report.add("Removed " + removed + " files left in " + child + " by a process that is gone");
                        }
                    }
                }
            } catch (IOException e) {
                report.add("Could not sweep " + parent + ": " + e);
            }
        }
        return report;
    }

    private static boolean isStale(String name, long self) {
        if (!name.matches("\\d{1,18}")) {
            return true;
        }
        long pid = Long.parseLong(name);
        return pid == self || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static long deleteRecursively(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            long files = all.stream().filter(Files::isRegularFile).count();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
            return files;
        }
    }
}
