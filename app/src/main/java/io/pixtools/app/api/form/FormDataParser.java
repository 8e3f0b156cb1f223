package io.pixtools.app.api.form;

import io.pixtools.processors.WorkFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Reads a multipart/form-data body (RFC 7578) as it arrives: text fields into memory, file parts straight into a file
 * of the upload directory, each through one 64 KB buffer. The delimiter is found with a Boyer-Moore-Horspool search,
 * which looks at about one byte in forty of a file part; the web server's own parser compared every byte and was half
 * of the Java time of an upload. Every size is bounded ({@link Limits}): a body over them is refused as soon as it is
 * read that far, and a broken one with a {@link MalformedFormException} naming what is wrong.
 */
final class FormDataParser {

    private static final int BUFFER = 64 * 1024;
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    /** Largest file part, largest text field, most parts, largest header block of a part, largest whole body. */
    record Limits(long maxFileBytes, int maxFieldBytes, int maxParts, int maxHeaderBytes, long maxBodyBytes) {}

    /** The text fields and the files of a form, in the order they came, and the size of the body they came in. */
    record Form(Map<String, List<String>> fields, List<SpooledUpload> files, long bodyBytes) {}

    private final InputStream in;
    private final byte[] delimiter;
    private final int[] shift = new int[256];
    private final Limits limits;
    private final Path directory;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long consumed;
    private boolean endOfStream;

    private FormDataParser(InputStream in, String boundary, Limits limits, Path directory) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.limits = limits;
        this.directory = directory;
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        // The first delimiter may open the body without a line break before it: read the body as if one were there.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /**
     * Parses the whole form. Files already written are deleted when it fails, so a failure leaves nothing behind.
     */
    static Form parse(InputStream in, String boundary, Limits limits, Path directory) throws IOException {
        FormDataParser parser = new FormDataParser(in, boundary, limits, directory);
        List<SpooledUpload> files = new ArrayList<>();
        try {
            Map<String, List<String>> fields = parser.parts(files);
            return new Form(fields, files, parser.consumed);
        } catch (IOException | RuntimeException e) {
            files.forEach(SpooledUpload::delete);
            throw e;
        }
    }

    /** The boundary parameter of a multipart Content-Type (RFC 2046: 1 to 70 characters). */
    static String boundary(String contentType) {
        String value = HeaderParameters.parameters(contentType).get("boundary");
        if (value == null) {
            throw new MalformedFormException("Content-Type", "Content-Type: multipart/form-data without a boundary");
        }
        if (value.isEmpty() || value.length() > 70 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new MalformedFormException(
                    "Content-Type", "Content-Type: the multipart boundary is not 1-70 visible characters");
        }
        return value;
    }

    private Map<String, List<String>> parts(List<SpooledUpload> files) throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        skipBody(); // the preamble
        int parts = 0;
        while (!closingDelimiter()) {
            if (++parts > limits.maxParts()) {
                throw new MalformedFormException("the form has more than " + limits.maxParts() + " parts");
            }
            PartHeaders headers = PartHeaders.parse(headerBlock());
            if (headers.fileName() != null) {
                files.add(filePart(headers));
            } else {
                fields.computeIfAbsent(headers.name(), name -> new ArrayList<>())
                        .add(field(headers.name()));
            }
        }
        return fields;
    }

    /** After a delimiter: "--" ends the form, a line break starts a part; anything else is malformed. */
    private boolean closingDelimiter() throws IOException {
        require(2, "the form ends without its closing boundary");
        byte first = buffer[position];
        byte second = buffer[position + 1];
        position += 2;
        if (first == '-' && second == '-') {
            return true;
        }
        if (first == '\r' && second == '\n') {
            return false;
        }
        throw new MalformedFormException("a boundary is followed by neither a line break nor '--'");
    }

    private String headerBlock() throws IOException {
        while (true) {
            int end = indexOfHeadersEnd(position, limit);
            if (end >= 0) {
                String block = new String(buffer, position, end - position, StandardCharsets.UTF_8);
                position = end + HEADERS_END.length;
                return block;
            }
            if (limit - position > limits.maxHeaderBytes()) {
                throw new MalformedFormException(
                        "a part's headers are longer than " + limits.maxHeaderBytes() + " bytes");
            }
            if (!fill()) {
                throw new MalformedFormException("the form ends inside a part's headers");
            }
        }
    }

    private String field(String name) throws IOException {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        copyBody((bytes, offset, length) -> {
            if (value.size() + length > limits.maxFieldBytes()) {
                throw new MalformedFormException(name, name + ": longer than " + limits.maxFieldBytes() + " bytes");
            }
            value.write(bytes, offset, length);
        });
        return value.toString(StandardCharsets.UTF_8);
    }

    /**
     * Streams a file part into the upload directory. Failures to write it are the server's ({@link
     * UploadSpoolException}); failures to read the body stay the client's.
     */
    private SpooledUpload filePart(PartHeaders headers) throws IOException {
        Path file = directory.resolve("upload-" + UUID.randomUUID() + ".part");
        long[] size = {0};
        try (OutputStream out = spoolFile(file)) {
            copyBody((bytes, offset, length) -> {
                size[0] += length;
                if (size[0] > limits.maxFileBytes()) {
                    throw new MaxUploadSizeExceededException(limits.maxFileBytes());
                }
                try {
                    out.write(bytes, offset, length);
                } catch (IOException e) {
                    throw new UploadSpoolException(directory, e);
                }
            });
        } catch (IOException | RuntimeException e) {
            SpooledUpload.deleteQuietly(file);
            throw e;
        }
        return new SpooledUpload(headers.name(), headers.fileName(), headers.contentType(), file, size[0]);
    }

    private OutputStream spoolFile(Path file) {
        try {
            return WorkFiles.recreatingDirectory(
                    directory, () -> Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        } catch (IOException e) {
            throw new UploadSpoolException(directory, e);
        }
    }

    private void skipBody() throws IOException {
        copyBody((bytes, offset, length) -> {});
    }

    /** Where the bytes of a part's body go, a run at a time. */
    private interface BodySink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /** Copies the body of a part up to the next delimiter into {@code sink}, and steps over the delimiter. */
    private void copyBody(BodySink sink) throws IOException {
        while (true) {
            int found = indexOfDelimiter(position, limit);
            if (found >= 0) {
                sink.write(buffer, position, found - position);
                position = found + delimiter.length;
                return;
            }
            // Everything but the last delimiter-length - 1 bytes is body for sure: a delimiter may start in them. It
            // goes to the sink once half the buffer has gathered, so a file is written in a few large runs.
            int safe = Math.max(position, limit - delimiter.length + 1);
            if (safe - position >= BUFFER / 2 || limit == buffer.length) {
                sink.write(buffer, position, safe - position);
                position = safe;
            }
            if (!fill()) {
                throw new MalformedFormException("the form ends inside a part, without its closing boundary");
            }
        }
    }

    private void require(int bytes, String otherwise) throws IOException {
        while (limit - position < bytes) {
            if (!fill()) {
                throw new MalformedFormException(otherwise);
            }
        }
    }

    /** Moves what is left to the front and reads more; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (endOfStream) {
            return false;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            throw new MalformedFormException("a part's headers do not fit the parser's buffer");
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            endOfStream = true;
            return false;
        }
        consumed += read;
        if (consumed > limits.maxBodyBytes()) {
            throw new MaxUploadSizeExceededException(limits.maxFileBytes());
        }
        limit += read;
        return true;
    }

    /** Where the delimiter starts in the buffer between {@code from} and {@code to}, or -1 (Boyer-Moore-Horspool). */
    private int indexOfDelimiter(int from, int to) {
        int m = delimiter.length;
        int i = from;
        while (i + m <= to) {
            int j = m - 1;
            while (buffer[i + j] == delimiter[j]) {
                if (j == 0) {
                    return i;
                }
                j--;
            }
            i += shift[buffer[i + m - 1] & 0xff];
        }
        return -1;
    }

    /** Where the blank line that ends a part's headers starts, or -1: a plain scan over a few hundred bytes. */
    private int indexOfHeadersEnd(int from, int to) {
        for (int i = from; i + HEADERS_END.length <= to; i++) {
            if (Arrays.equals(buffer, i, i + HEADERS_END.length, HEADERS_END, 0, HEADERS_END.length)) {
                return i;
            }
        }
        return -1;
    }

    /** The headers of one part that matter: its name, file name and content type. */
    record PartHeaders(String name, String fileName, String contentType) {

        static PartHeaders parse(String block) {
            String disposition = null;
            String contentType = null;
            for (String line : block.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new MalformedFormException(
                            "a part has a header line without a name: '" + abbreviate(line) + "'");
                }
                String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (header.equals("content-disposition")) {
                    disposition = value;
                } else if (header.equals("content-type")) {
                    contentType = value;
                }
            }
            if (disposition == null) {
                throw new MalformedFormException("a part has no Content-Disposition header");
            }
            String type = HeaderParameters.type(disposition);
            if (!type.equalsIgnoreCase("form-data")) {
                throw new MalformedFormException("a part's Content-Disposition is '" + type + "', not form-data");
            }
            Map<String, String> parameters = HeaderParameters.parameters(disposition);
            String name = parameters.get("name");
            if (name == null || name.isEmpty()) {
                throw new MalformedFormException("a part's Content-Disposition has no name");
            }
            String fileName = parameters.containsKey("filename*")
                    ? HeaderParameters.extendedValue(parameters.get("filename*"))
                    : parameters.get("filename");
            return new PartHeaders(name, fileName, contentType);
        }

        private static String abbreviate(String line) {
            return line.length() > 40 ? line.substring(0, 40) + "..." : line;
        }
    }
}
