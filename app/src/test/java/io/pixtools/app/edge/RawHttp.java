package io.pixtools.app.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket. The request target goes out byte for byte, as an attacker would send it (HTTP client
 * libraries normalise or refuse paths like {@code /actuator/./jolokia}), and every response header line is kept, so
 * a header sent twice shows as twice.
 */
final class RawHttp {

    record Response(int status, List<String[]> headers, String body) {

        /** Every value of the header, in the order sent. */
        List<String> all(String name) {
            return headers.stream()
                    .filter(h -> h[0].equalsIgnoreCase(name))
                    .map(h -> h[1])
                    .toList();
        }

        String header(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.getFirst();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder().append(status);
            headers.forEach(h -> text.append("\n").append(h[0]).append(": ").append(h[1]));
            return text.append("\n\n")
                    .append(body, 0, Math.min(body.length(), 300))
                    .toString();
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    Response get(String target, String... headerLines) {
        return send("GET", target, (byte[]) null, headerLines);
    }

    Response send(String method, String target, String body, String... headerLines) {
        return send(method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headerLines);
    }

    /** {@code headerLines} are whole lines ({@code "Authorization: Basic ..."}); Host, Connection and Content-Length are added. */
    Response send(String method, String target, byte[] body, String... headerLines) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder request = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: localhost:")
                    .append(port)
                    .append("\r\n")
                    .append("Connection: close\r\n");
            Arrays.stream(headerLines).forEach(line -> request.append(line).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body;
            if (body != null) {
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {
                lines[i].substring(0, colon).strip(),
                lines[i].substring(colon + 1).strip()
            });
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = headers.stream()
                .anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding")
                        && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
        return new Response(status, headers, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOfCrlf(body, at);
            String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("truncated chunked body");
    }
}
