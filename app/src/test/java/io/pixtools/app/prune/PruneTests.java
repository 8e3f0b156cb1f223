package io.pixtools.app.prune;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.storage.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Retention: expired jobs lose their rows and every object; jobs that have not expired keep everything. */
@PixToolsApplicationTest
class PruneTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalObjectStore store;

    @Autowired
    PixToolsProperties properties;

    @Autowired
    ProducerTemplate camel;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        jdbc.update("UPDATE scheduler_leases SET holder = NULL, locked_until = CURRENT_TIMESTAMP WHERE name = 'prune'");
    }

    private String finishedJob() {
        String id = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\",\"metadata\"]");
        api.awaitFinished(id);
        return id;
    }

    private List<String> objects(String jobId) {
        Path dir = store.root().resolve("jobs").resolve(jobId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> "jobs/" + jobId + "/" + f.getFileName())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void expire(String jobId) {
        jdbc.update("UPDATE jobs SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' HOUR WHERE job_id = ?", jobId);
    }

    private int rows(String table, String jobId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE job_id = ?", Integer.class, jobId);
    }

    @Test
    void removesExpiredJobsWithEveryObjectAndKeepsTheRest() {
        String expired = finishedJob();
        String kept = finishedJob();
        assertThat(objects(expired))
                .as("the ZIP is built on its first download")
                .hasSize(4);
        for (String job : List.of(expired, kept)) {
            String archive =
                    api.get("/api/jobs/" + job).getBody().path("archive_url").asText();
            assertThat(api.download(archive).getStatusCode().value()).isEqualTo(200);
        }
        assertThat(objects(expired))
                .containsExactly(
                        "jobs/" + expired + "/bundle.zip",
                        "jobs/" + expired + "/jpg.jpg",
                        "jobs/" + expired + "/metadata.json",
                        "jobs/" + expired + "/original.jpg",
                        "jobs/" + expired + "/webp.webp");
        expire(expired);
        assertThat(api.get("/api/jobs/" + expired).getStatusCode().value())
                .as("expired jobs answer 404 at once")
                .isEqualTo(404);
        assertThat(api.get("/api/jobs/" + expired + "/archive").getStatusCode().value())
                .isEqualTo(404);

        Map<?, ?> result = camel.requestBody("direct:prune-expired", null, Map.class);

        assertThat(result.get("jobs")).isEqualTo(1);
        assertThat(result.get("objects")).isEqualTo(5);
        assertThat(objects(expired)).isEmpty();
        assertThat(rows("jobs", expired)).isZero();
        assertThat(rows("job_outputs", expired)).isZero();

        assertThat(objects(kept)).hasSize(5);
        assertThat(rows("jobs", kept)).isOne();
        assertThat(api.get("/api/jobs/" + kept).getBody().path("status").asText())
                .isEqualTo("COMPLETED");

        Map<?, ?> again = camel.requestBody("direct:prune-expired", null, Map.class);
        assertThat(again.get("jobs"))
                .as("a second run finds nothing left to do")
                .isEqualTo(0);
    }

    /** The tests run with a batch size of 2 (see PixToolsApplicationTest): three expired jobs take two batches. */
    @Test
    void prunesInBatchesUntilNothingIsLeft() {
        assertThat(properties.jobs().pruneBatchSize()).isEqualTo(2);
        List<String> jobs = List.of(finishedJob(), finishedJob(), finishedJob());
        jobs.forEach(this::expire);

        Map<?, ?> result = camel.requestBody("direct:prune-expired", null, Map.class);

        assertThat(result.get("jobs")).isEqualTo(3);
        jobs.forEach(id -> assertThat(rows("jobs", id)).isZero());
        jobs.forEach(id -> assertThat(objects(id)).isEmpty());
    }

    @Test
    void skipsTheRunWhileAnotherProcessHoldsTheLease() {
        String expired = finishedJob();
        expire(expired);
        jdbc.update(
                "UPDATE scheduler_leases SET holder = 'other-process', locked_until = CURRENT_TIMESTAMP + INTERVAL '10' MINUTE WHERE name = 'prune'");

        Map<?, ?> result = camel.requestBody("direct:prune-expired", null, Map.class);

        assertThat(result.get("skipped")).isEqualTo(true);
        assertThat(rows("jobs", expired)).isOne();
        assertThat(objects(expired)).isNotEmpty();
    }
}
