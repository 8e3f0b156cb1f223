package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplication;
import io.pixtools.app.storage.LocalObjectStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A full queue turns requests away at once with 503 and Retry-After instead of piling up work; a job that could not
 * be queued leaves nothing behind (no row, no original), and its Idempotency-Key is free for the retry.
 */
@SpringBootTest(
        classes = PixToolsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pixtools.data-dir=target/test-data/${random.uuid}",
            "pixtools.workers.queue-capacity=2",
            "pixtools.workers.standard-concurrency=1"
        })
class BackPressureTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalObjectStore objects;

    @Test
    void aFullQueueAnswers503AndLeavesNothingOfTheJobThatDidNotFit() throws Exception {
        ApiClient api = new ApiClient(port);
        List<ResponseEntity<JsonNode>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(api.submit()
                    .file(fixture("astronaut.png"))
                    .operations("[\"avif\",\"png\",\"webp\",\"jpg\",\"metadata\"]")
                    .params("{\"avif\":{\"effort\":9}}")
                    .key("busy-" + i)
                    .send());
        }

        List<ResponseEntity<JsonNode>> busy =
                responses.stream().filter(r -> r.getStatusCode().value() == 503).toList();
        assertThat(busy).isNotEmpty();
        assertThat(busy).allSatisfy(r -> {
            assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(r.getBody().path("error").asText()).isEqualTo("dependency_unavailable");
            assertThat(r.getBody().path("dependency").asText()).isEqualTo("queue");
            assertThat(r.getBody().path("message").asText()).contains("job queue is full");
        });
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.getStatusCode().value()).isIn(202, 503));

        long accepted = responses.size() - busy.size();
        // A refused intake is undone in the background, right after its 503.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Long.class))
                    .as("a row per 202, none for a 503")
                    .isEqualTo(accepted);
            try (var files = Files.walk(objects.root())) {
                assertThat(files.filter(f -> f.getFileName().toString().startsWith("original."))
                                .count())
                        .isEqualTo(accepted);
            }
        });

        int refused = responses.indexOf(busy.getFirst());
        ResponseEntity<JsonNode> retry = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> api.submit()
                                .file(fixture("astronaut.png"))
                                .operations("[\"avif\",\"png\",\"webp\",\"jpg\",\"metadata\"]")
                                .params("{\"avif\":{\"effort\":9}}")
                                .key("busy-" + refused)
                                .send(),
                        r -> r.getStatusCode().value() != 503);
        assertThat(retry.getStatusCode().value())
                .as("the key of a refused request is free")
                .isEqualTo(202);
    }
}
