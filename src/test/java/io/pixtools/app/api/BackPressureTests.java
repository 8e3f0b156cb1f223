package io.pixtools.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full queue turns requests away at once with 503 and Retry-After instead of piling up work; a job that could not
 * be queued is FAILED, never left waiting, and its Idempotency-Key is free for the retry.
 */
@SpringBootTest(classes = PixToolsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pixtools.data-dir=target/test-data/${random.uuid}", "pixtools.workers.queue-capacity=2",
                      "pixtools.workers.standard-concurrency=1"})
class BackPressureTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aFullQueueAnswers503AndFailsTheJobThatDidNotFit() {
        ApiClient api = new ApiClient(port);
        List<ResponseEntity<JsonNode>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(api.submit().file(fixture("astronaut.png")).operations("[\"avif\",\"png\",\"webp\",\"jpg\",\"metadata\"]")
                    .params("{\"avif\":{\"effort\":9}}").key("busy-" + i).send());
        }

        List<ResponseEntity<JsonNode>> busy = responses.stream().filter(r -> r.getStatusCode().value() == 503).toList();
        assertThat(busy).isNotEmpty();
        assertThat(busy).allSatisfy(r -> {
            assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(r.getBody().path("error").asText()).isEqualTo("service_busy");
        });
        assertThat(responses).allSatisfy(r -> assertThat(r.getStatusCode().value()).isIn(202, 503));

        Integer failed = jdbc.queryForObject(
                "SELECT COUNT(*) FROM jobs WHERE status = 'FAILED' AND error_message LIKE '%could not be queued%' AND idempotency_key IS NULL",
                Integer.class);
        assertThat(failed).isEqualTo(busy.size());
    }
}
