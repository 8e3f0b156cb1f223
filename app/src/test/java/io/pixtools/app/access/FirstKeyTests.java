package io.pixtools.app.access;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The README's way in: PixTools runs open, then the first key is created while it runs and used at once. The jobs
 * submitted with it are its own from the first request, not anonymous ones that it could no longer see once keys are
 * required. Revoking it later does not open the API again. An application of its own (the property below), since
 * creating a key closes it to everyone else.
 */
@PixToolsApplicationTest
@TestPropertySource(properties = "pixtools.auth=keys")
class FirstKeyTests {

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyStore store;

    @Test
    void theFirstKeyOwnsTheJobsOfItsFirstRequests() {
        ApiClient anonymous = new ApiClient(port);
        assertThat(anonymous
                        .get("/api/jobs/" + UUID.randomUUID())
                        .getStatusCode()
                        .value())
                .as("open while no key exists")
                .isEqualTo(404);

        String name = "first-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient first = new ApiClient(port, store.create(name));
        String id = first.submitAndGetId(fixture("camera.jpg"), "[\"jpg\"]");
        assertThat(first.awaitFinished(id).path("status").asText()).isEqualTo("COMPLETED");

        assertThat(anonymous.get("/api/jobs/" + id).getStatusCode().value())
                .as("keys are required as soon as one has been used")
                .isEqualTo(401);
        assertThat(first.get("/api/jobs/" + id).getStatusCode().value())
                .as("the job is its key's")
                .isEqualTo(200);

        assertThat(store.revoke(name)).isTrue();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> first.get("/api/jobs/" + id).getStatusCode().value() == 401);
        assertThat(anonymous.get("/api/jobs/" + id).getStatusCode().value())
                .as("revoking the last key does not open the API")
                .isEqualTo(401);
    }
}
