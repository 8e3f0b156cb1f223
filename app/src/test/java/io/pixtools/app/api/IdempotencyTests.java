package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

@PixToolsApplicationTest
class IdempotencyTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private ResponseEntity<JsonNode> submit(String key, String file, String operations) {
        return api.submit().file(fixture(file)).operations(operations).key(key).send();
    }

    private int jobsWithKey(String key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE idempotency_key = ?", Integer.class, key);
    }

    @Test
    void theSameRequestAgainReturnsTheSameJob() {
        String key = UUID.randomUUID().toString();
        ResponseEntity<JsonNode> first = submit(key, "camera.jpg", "[\"jpg\",\"webp\"]");
        ResponseEntity<JsonNode> again = submit(key, "camera.jpg", "[\"jpg\",\"webp\"]");

        assertThat(first.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(jobsWithKey(key)).isEqualTo(1);
    }

    /**
     * Regression: the key was handed to the job look-up as a method argument in the route, which Camel reads as a
     * literal: {@code null} became no key and quotes were taken off, so the repeat found no job and got 409 forever.
     */
    @ParameterizedTest(name = "Idempotency-Key: {0}")
    @ValueSource(strings = {"null", "NULL", "'q'", "\"dq\"", "'a','b'", "x,(y)${header.PixJobId}"})
    void aKeyThatReadsAsALiteralIsReplayedToo(String key) {
        ResponseEntity<JsonNode> first = submit(key, "camera.jpg", "[\"metadata\"]");
        ResponseEntity<JsonNode> again = submit(key, "camera.jpg", "[\"metadata\"]");

        assertThat(first.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(jobsWithKey(key)).isEqualTo(1);
    }

    /** Regression: {@code 'k'} was looked up as {@code k}, and so was answered with the job of another key. */
    @Test
    void aQuotedKeyIsNotTheKeyInsideTheQuotes() {
        String key = UUID.randomUUID().toString();
        ResponseEntity<JsonNode> plain = submit(key, "camera.jpg", "[\"metadata\"]");
        ResponseEntity<JsonNode> quoted = submit("'" + key + "'", "camera.jpg", "[\"metadata\"]");

        assertThat(plain.getStatusCode().value()).isEqualTo(202);
        assertThat(quoted.getStatusCode().value()).isEqualTo(202);
        assertThat(quoted.getBody().path("job_id")).isNotEqualTo(plain.getBody().path("job_id"));
    }

    @Test
    void theSameKeyWithAnotherFileIsRefused() {
        String key = UUID.randomUUID().toString();
        submit(key, "camera.jpg", "[\"jpg\"]");
        ResponseEntity<JsonNode> other = submit(key, "astronaut.png", "[\"jpg\"]");
        assertThat(other.getStatusCode().value()).isEqualTo(422);
        assertThat(other.getBody().path("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void theSameKeyWithOtherOperationsOrParametersIsRefused() {
        String key = UUID.randomUUID().toString();
        submit(key, "camera.jpg", "[\"jpg\"]");
        assertThat(submit(key, "camera.jpg", "[\"png\"]").getStatusCode().value())
                .isEqualTo(422);
        ResponseEntity<JsonNode> otherParams = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .params("{\"jpg\":{\"quality\":40}}")
                .key(key)
                .send();
        assertThat(otherParams.getStatusCode().value()).isEqualTo(422);
        assertThat(jobsWithKey(key)).isEqualTo(1);
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        String key = UUID.randomUUID().toString();
        assertThat(submit(key, "camera.jpg", "[\"nope\"]").getStatusCode().value())
                .isEqualTo(422);
        assertThat(submit(key, "camera.jpg", "[\"jpg\"]").getStatusCode().value())
                .isEqualTo(202);
    }

    /** Twenty clients send the same request with the same key at the same moment: exactly one job exists. */
    @Test
    void concurrentDuplicatesCreateExactlyOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        int clients = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<JsonNode>>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return submit(key, "camera.jpg", "[\"jpg\",\"metadata\"]");
            }));
        }
        start.countDown();
        List<ResponseEntity<JsonNode>> responses = new ArrayList<>();
        for (Future<ResponseEntity<JsonNode>> f : futures) {
            responses.add(f.get());
        }
        pool.shutdown();

        List<Integer> statuses =
                responses.stream().map(r -> r.getStatusCode().value()).toList();
        assertThat(statuses).isSubsetOf(202, 200, 409);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        String jobId = responses.stream()
                .filter(r -> r.getStatusCode().value() == 202)
                .findFirst()
                .orElseThrow()
                .getBody()
                .path("job_id")
                .asText();
        assertThat(responses)
                .filteredOn(r -> r.getStatusCode().value() == 200)
                .allSatisfy(r -> assertThat(r.getBody().path("job_id").asText()).isEqualTo(jobId));
        assertThat(responses)
                .filteredOn(r -> r.getStatusCode().value() == 409)
                .allSatisfy(r -> assertThat(r.getBody().path("field").asText()).isEqualTo("Idempotency-Key"));
        assertThat(jobsWithKey(key)).isEqualTo(1);
        assertThat(submit(key, "camera.jpg", "[\"jpg\",\"metadata\"]")
                        .getBody()
                        .path("job_id")
                        .asText())
                .isEqualTo(jobId);
        assertThat(api.awaitFinished(jobId).path("status").asText()).isEqualTo("COMPLETED");
    }
}
