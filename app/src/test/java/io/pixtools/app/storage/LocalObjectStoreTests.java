package io.pixtools.app.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The embedded object store: files become objects without a copy, other bodies are written; nothing half-done shows. */
class LocalObjectStoreTests {

    private static final CamelContext CAMEL = new DefaultCamelContext();

    @TempDir
    Path dir;

    @AfterAll
    static void stop() throws Exception {
        CAMEL.close();
    }

    private static Exchange exchange(String key, Object body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setHeader(AWS2S3Constants.KEY, key);
        exchange.getIn().setBody(body);
        return exchange;
    }

    private Path stored(LocalObjectStore store, String key) {
        Exchange get = exchange(key, null);
        store.get(get);
        return get.getIn().getBody(java.io.File.class).toPath();
    }

    @Test
    void aFileBecomesTheObjectWithoutACopyAndOutlivesItsSource() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"));
        Path upload = Files.writeString(dir.resolve("upload.part"), "pixels");
        store.put(exchange("originals/job-1/photo.jpg", upload.toFile()));
        Path object = stored(store, "originals/job-1/photo.jpg");
        assertThat(Files.isSameFile(object, upload))
                .as("a second name for the same bytes")
                .isTrue();
        Files.delete(upload);
        assertThat(object).hasContent("pixels");
        try (Stream<Path> files = Files.list(object.getParent())) {
            assertThat(files).as("no temporary file is left").containsExactly(object);
        }
    }

    @Test
    void otherBodiesAreWritten() {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"));
        store.put(exchange("a/bytes.bin", "bytes".getBytes(StandardCharsets.UTF_8)));
        store.put(exchange("a/text.txt", "text"));
        store.put(exchange("a/stream.bin", new java.io.ByteArrayInputStream(new byte[] {1, 2})));
        assertThat(stored(store, "a/bytes.bin")).hasContent("bytes");
        assertThat(stored(store, "a/text.txt")).hasContent("text");
        assertThat(stored(store, "a/stream.bin")).hasBinaryContent(new byte[] {1, 2});
    }

    @Test
    void aPutIntoAnExistingDirectoryReplacesTheObjectAndLeavesNoTemporaryFile() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"));
        store.put(exchange("jobs/job-2/original.jpg", "original"));
        store.put(exchange("jobs/job-2/jpg.jpg", "first"));
        store.put(exchange("jobs/job-2/jpg.jpg", "again"));
        assertThat(stored(store, "jobs/job-2/jpg.jpg")).hasContent("again");
        try (Stream<Path> files = Files.list(dir.resolve("objects/jobs/job-2"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("original.jpg", "jpg.jpg");
        }
    }

    @Test
    void aMissingSourceFailsThePutAndLeavesNothing() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"));
        assertThatThrownBy(() -> store.put(exchange("b/gone.jpg", dir.resolve("gone.part"))))
                .isInstanceOf(ObjectStoreUnavailableException.class);
        assertThatThrownBy(() -> store.get(exchange("b/gone.jpg", null))).isInstanceOf(NoSuchKeyException.class);
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    /** A broken store is an outage (503, workers wait for it), never a deleted object (410, jobs fail). */
    @Test
    void aStoreWhoseDirectoryIsGoneIsUnavailableNotMissing() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"));
        store.put(exchange("jobs/job-5/jpg.jpg", "jpg"));
        store.put(exchange("jobs/job-5/webp.webp", "webp"));
        Files.delete(dir.resolve("objects/jobs/job-5/webp.webp"));
        assertThatThrownBy(() -> store.get(exchange("jobs/job-5/webp.webp", null)))
                .as("one object deleted from a working store")
                .isInstanceOf(NoSuchKeyException.class);

        Files.move(dir.resolve("objects"), dir.resolve("objects.bak"));
        Files.writeString(dir.resolve("objects"), "not a directory");
        assertThatThrownBy(() -> store.get(exchange("jobs/job-5/jpg.jpg", null)))
                .isInstanceOf(ObjectStoreUnavailableException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void aDirectoryWhereAnObjectShouldBeIsUnavailable() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir.resolve("objects"));
        Files.createDirectories(dir.resolve("objects/jobs/job-6/jpg.jpg"));
        assertThatThrownBy(() -> store.get(exchange("jobs/job-6/jpg.jpg", null)))
                .isInstanceOf(ObjectStoreUnavailableException.class)
                .hasMessageContaining("cannot read jobs/job-6/jpg.jpg");
    }
}
