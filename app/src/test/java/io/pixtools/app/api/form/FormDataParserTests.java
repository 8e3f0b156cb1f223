package io.pixtools.app.api.form;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** The streaming form parser against well-formed, oddly split, oversized and broken bodies. */
class FormDataParserTests {

    private static final String BOUNDARY = "pixtools-4f1c2a";
    private static final FormDataParser.Limits LIMITS =
            new FormDataParser.Limits(1 << 20, 64 * 1024, 16, 8 * 1024, (1 << 20) + 256 * 1024);

    @TempDir
    Path dir;

    private static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body raw(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Body field(String name, String value) {
            return raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                    + "\r\n");
        }

        Body file(String name, String fileName, byte[] content) {
            raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: image/jpeg\r\n\r\n");
            out.writeBytes(content);
            return raw("\r\n");
        }

        byte[] end() {
            raw("--" + BOUNDARY + "--\r\n");
            return out.toByteArray();
        }
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network would. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private FormDataParser.Form parse(byte[] body) throws Exception {
        return FormDataParser.parse(new ByteArrayInputStream(body), BOUNDARY, LIMITS, dir);
    }

    private long filesLeft() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void readsFieldsAndTheFileExactly() throws Exception {
        byte[] image = "\u00ff\u00d8 not quite a boundary: \r\n--pixtools-4f1c2 \r\n-- end"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new Body()
                .raw("a preamble to ignore\r\n")
                .field("operations", "[\"jpg\",\"webp\"]")
                .file("file", "camera.jpg", image)
                .field("webhook_url", "https://example.com/hook")
                .end();
        FormDataParser.Form form = parse(body);
        assertThat(form.fields()).containsOnlyKeys("operations", "webhook_url");
        assertThat(form.fields().get("operations")).containsExactly("[\"jpg\",\"webp\"]");
        assertThat(form.files()).hasSize(1);
        SpooledUpload file = form.files().getFirst();
        assertThat(file.getName()).isEqualTo("file");
        assertThat(file.getOriginalFilename()).isEqualTo("camera.jpg");
        assertThat(file.getContentType()).isEqualTo("image/jpeg");
        assertThat(file.getBytes()).isEqualTo(image);
        assertThat(file.getSize()).isEqualTo(image.length);
    }

    @Test
    void randomBinaryFilesSurviveAnyChunking() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            byte[] content = new byte[random.nextInt(300_000)];
            random.nextBytes(content);
            // Plant pieces of the delimiter in the content, the cases a boundary search gets wrong.
            byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
            for (int k = 0; k < 5 && content.length > delimiter.length; k++) {
                int at = random.nextInt(content.length - delimiter.length);
                System.arraycopy(delimiter, 0, content, at, 1 + random.nextInt(delimiter.length - 1));
            }
            byte[] body = new Body()
                    .field("operations", "[\"png\"]")
                    .file("file", "r.bin", content)
                    .end();
            int chunk = 1 + random.nextInt(random.nextBoolean() ? 50 : 70_000);
            FormDataParser.Form form = FormDataParser.parse(trickle(body, chunk), BOUNDARY, LIMITS, dir);
            assertThat(form.files().getFirst().getBytes())
                    .as("round %d, chunk %d", round, chunk)
                    .isEqualTo(content);
            assertThat(form.fields().get("operations")).containsExactly("[\"png\"]");
            form.files().forEach(SpooledUpload::delete);
        }
        assertThat(filesLeft()).isZero();
    }

    @Test
    void aFileOverTheLimitIsRefusedAndRemoved() throws Exception {
        byte[] body =
                new Body().file("file", "big.jpg", new byte[(1 << 20) + 1]).end();
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MaxUploadSizeExceededException.class);
        assertThat(filesLeft()).isZero();
    }

    @Test
    void aFieldOverTheLimitNamesTheField() {
        byte[] body =
                new Body().field("operation_params", "x".repeat(64 * 1024 + 1)).end();
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(MalformedFormException.class)
                .hasMessageContaining("operation_params")
                .extracting(e -> ((MalformedFormException) e).field())
                .isEqualTo("operation_params");
    }

    @Test
    void aBodyOverTheWholeLimitIsRefused() throws Exception {
        Body body = new Body();
        for (int i = 0; i < 3; i++) {
            body.file("file" + i, "p" + i + ".jpg", new byte[600 * 1024]);
        }
        byte[] bytes = body.end();
        assertThatThrownBy(() -> parse(bytes)).isInstanceOf(MaxUploadSizeExceededException.class);
        assertThat(filesLeft()).isZero();
    }

    @Test
    void tooManyPartsAreRefused() {
        Body body = new Body();
        for (int i = 0; i < 17; i++) {
            body.field("f" + i, "v");
        }
        byte[] bytes = body.end();
        assertThatThrownBy(() -> parse(bytes))
                .isInstanceOf(MalformedFormException.class)
                .hasMessageContaining("16");
    }

    @Test
    void endlessHeadersAreRefused() {
        byte[] body = new Body()
                .raw("--" + BOUNDARY + "\r\nX-Pad: " + "a".repeat(20_000))
                .end();
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(MalformedFormException.class)
                .hasMessageContaining("headers");
    }

    @Test
    void aTruncatedBodyIsRefusedAndLeavesNoFile() throws Exception {
        byte[] whole = new Body().file("file", "camera.jpg", new byte[100_000]).end();
        byte[] cut = java.util.Arrays.copyOf(whole, 50_000);
        assertThatThrownBy(() -> parse(cut))
                .isInstanceOf(MalformedFormException.class)
                .hasMessageContaining("closing boundary");
        assertThat(filesLeft()).isZero();
        assertThatThrownBy(() -> parse("no boundary at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedFormException.class);
    }

    @Test
    void partsNeedAFormDataDispositionWithAName() {
        byte[] noDisposition = new Body()
                .raw("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n")
                .end();
        assertThatThrownBy(() -> parse(noDisposition)).hasMessageContaining("Content-Disposition");
        byte[] noName = new Body()
                .raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nx\r\n")
                .end();
        assertThatThrownBy(() -> parse(noName)).hasMessageContaining("no name");
        byte[] attachment = new Body()
                .raw("--" + BOUNDARY + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n")
                .end();
        assertThatThrownBy(() -> parse(attachment)).hasMessageContaining("not form-data");
    }

    @Test
    void fileNamesMayBeQuotedEscapedOrEncoded() throws Exception {
        byte[] body = new Body()
                .raw("--" + BOUNDARY + "\r\ncontent-disposition: form-data; name=\"file\"; "
                        + "filename=\"a \\\"b\\\"; c.jpg\"\r\n\r\nx\r\n")
                .raw("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=other; filename=\"plain.jpg\"; "
                        + "filename*=UTF-8''caf%C3%A9.jpg\r\n\r\ny\r\n")
                .end();
        List<SpooledUpload> files = parse(body).files();
        assertThat(files.get(0).getOriginalFilename()).isEqualTo("a \"b\"; c.jpg");
        assertThat(files.get(1).getName()).isEqualTo("other");
        assertThat(files.get(1).getOriginalFilename()).isEqualTo("café.jpg");
    }

    @Test
    void theBoundaryComesFromTheContentType() {
        assertThat(FormDataParser.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(FormDataParser.boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b\"".replace(" b", "b")))
                .isEqualTo("ab");
        assertThatThrownBy(() -> FormDataParser.boundary("multipart/form-data"))
                .isInstanceOf(MalformedFormException.class)
                .extracting(e -> ((MalformedFormException) e).field())
                .isEqualTo("Content-Type");
        assertThatThrownBy(() -> FormDataParser.boundary("multipart/form-data; boundary=" + "x".repeat(71)))
                .isInstanceOf(MalformedFormException.class);
    }

    @Test
    void aFileHandedOnIsMovedAndNotDeleted() throws Exception {
        SpooledUpload file = parse(
                        new Body().file("file", "a.jpg", new byte[] {1, 2, 3}).end())
                .files()
                .getFirst();
        Path target = dir.resolve("moved.jpg");
        file.transferTo(target);
        file.delete();
        assertThat(target).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(filesLeft()).isEqualTo(1);
    }
}
