package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** GET /api/jobs/{id}?wait=N: one request that answers when the job finishes, or when N seconds are up. */
@PixToolsApplicationTest
class JobWaitTests {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

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

    /**
     * Waiting requests hold no thread: forty clients waiting on a job that stays pending (its worker's route is
     * stopped) all get their answer when their wait is up, and other requests are answered meanwhile. A consumer that
     * blocks a thread of a pool per request answered them a pool's worth at a time.
     */
    @Test
    void waitingClientsHoldNoThreadOfTheApi() throws Exception {
        camel.getRouteController().stopRoute("denoise");
        try {
            String jobId = slowJob();
            HttpRequest wait = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/jobs/" + jobId + "?wait=4"))
                    .build();
            HttpClient http = HttpClient.newHttpClient();
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> waits = IntStream.range(0, 40)
                    .mapToObj(i -> http.sendAsync(wait, HttpResponse.BodyHandlers.ofString()))
                    .toList();
            Thread.sleep(500);

            long asked = System.nanoTime();
            assertThat(api.get("/api/jobs/" + jobId).getBody().path("status").asText())
                    .isEqualTo("PENDING");
            assertThat(Duration.ofNanos(System.nanoTime() - asked))
                    .as("answered while forty requests wait")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(waits).noneMatch(CompletableFuture::isDone);

            CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("every wait ends after its 4 s, not after the waits ahead of it")
                    .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(9));
            for (CompletableFuture<HttpResponse<String>> waited : waits) {
                assertThat(waited.get().statusCode()).isEqualTo(200);
                assertThat(waited.get().body()).contains("\"status\":\"PENDING\"");
            }
        } finally {
            camel.getRouteController().startRoute("denoise");
        }
    }
}
