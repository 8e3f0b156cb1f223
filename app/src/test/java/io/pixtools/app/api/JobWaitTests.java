package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** GET /api/jobs/{id}?wait=N: one request that answers when the job finishes, or when N seconds are up. */
@PixToolsApplicationTest
class JobWaitTests {

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A denoise of the photo enlarged to 6 MP: a few seconds of work, so the job is still running when asked. */
    private String slowJob() {
        return api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"denoise\"]")
                .params("{\"denoise\":{\"resize\":{\"width\":3000,\"height\":2000,\"fit\":\"fill\",\"enlarge\":true}}}")
                .send()
                .getBody()
                .path("job_id")
                .asText();
    }

    @Test
    void answersWhenTheJobFinishes() {
        String jobId = slowJob();
        assertThat(api.get("/api/jobs/" + jobId).getBody().path("status").asText())
                .as("without wait, the answer is immediate")
                .isIn("PENDING", "PROCESSING");

        long start = System.nanoTime();
        ResponseEntity<JsonNode> waited = api.get("/api/jobs/" + jobId + "?wait=50");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited.getStatusCode().value()).isEqualTo(200);
        assertThat(waited.getBody().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(waited.getBody().path("result_urls").path("denoise").asText())
                .contains("/results/denoise");
        assertThat(took)
                .as("answered when the job finished, not at the end of the wait")
                .isLessThan(Duration.ofSeconds(45));
    }

    @Test
    void answersWithTheStatusThenWhenTheWaitIsOver() {
        String jobId = slowJob();
        long start = System.nanoTime();
        ResponseEntity<JsonNode> waited = api.get("/api/jobs/" + jobId + "?wait=1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(waited.getStatusCode().value()).isEqualTo(200);
        assertThat(waited.getBody().path("status").asText()).isIn("PENDING", "PROCESSING");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(api.awaitFinished(jobId).path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void aFinishedJobIsAnsweredAtOnce() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\"]");
        api.awaitFinished(jobId);
        long start = System.nanoTime();
        assertThat(api.get("/api/jobs/" + jobId + "?wait=60")
                        .getBody()
                        .path("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aWaitOutsideItsRangeIsRefusedNamingIt() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\"]");
        for (String wait : new String[] {"abc", "61", "-1", "1.5"}) {
            ResponseEntity<JsonNode> refused = api.get("/api/jobs/" + jobId + "?wait=" + wait);
            assertThat(refused.getStatusCode().value()).as("wait=%s", wait).isEqualTo(422);
            assertThat(refused.getBody().path("field").asText()).isEqualTo("wait");
        }
        assertThat(api.get("/api/jobs/00000000-0000-4000-8000-000000000000?wait=30")
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }
}
