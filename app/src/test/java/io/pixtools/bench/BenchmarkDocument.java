package io.pixtools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a run into a markdown file between {@value #START} and {@value #END}, leaving the rest of the file as it
 * is. Without the markers, they go right below the title (the first {@code # } line), or at the top.
 */
final class BenchmarkDocument {

    static final String START = "<!-- benchmark:start -->";
    static final String END = "<!-- benchmark:end -->";

    private BenchmarkDocument() {}

    static void write(Path file, String section, String titleOfNewFile) throws IOException {
        String document = Files.exists(file) ? Files.readString(file) : "# " + titleOfNewFile + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, replace(document, section));
    }

    static String replace(String document, String section) {
        String block = START + "\n" + section.strip() + "\n" + END;
        int start = document.indexOf(START);
        int end = document.indexOf(END);
        if (start >= 0 && end > start) {
            return document.substring(0, start) + block + document.substring(end + END.length());
        }
        if (start >= 0 || end >= 0) {
            throw new IllegalArgumentException("the document has only one of " + START + " and " + END);
        }
        if (document.startsWith("# ")) {
            int titleEnd = document.indexOf('\n');
            String title = titleEnd < 0 ? document : document.substring(0, titleEnd);
            String rest = titleEnd < 0 ? "" : document.substring(titleEnd + 1).stripLeading();
            return title + "\n\n" + block + "\n" + (rest.isEmpty() ? "" : "\n" + rest);
        }
        return block + "\n\n" + document;
    }
}
