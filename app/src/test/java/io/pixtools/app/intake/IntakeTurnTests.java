package io.pixtools.app.intake;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.ConcurrentRequestsThrottler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Uploads are taken in a few at a time ({@code pixtools.workers.intake-concurrency}), and every way an intake ends
 * gives its turn back: after many times that number of refused and replayed requests, the next upload is taken in.
 */
@PixToolsApplicationTest
class IntakeTurnTests {

    @LocalServerPort
    int port;

    @Autowired
    CamelContext camel;

    @Autowired
    PixToolsProperties properties;

    @Test
    void everyEndOfAnIntakeGivesItsTurnBack() {
        int turns = properties.workers().intakeConcurrency();
        assertThat(turns).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        ApiClient api = new ApiClient(port);
        String key = "turns-" + System.nanoTime();
        assertThat(api.submit()
                        .file(fixture("camera.jpg"))
                        .operations("[\"jpg\"]")
                        .key(key)
                        .send()
                        .getStatusCode()
                        .value())
                .isEqualTo(202);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3 * turns; i++) {
                assertThat(api.submit()
                                .file("notes.jpg", "just text".getBytes())
                                .operations("[\"jpg\"]")
                                .send()
                                .getStatusCode()
                                .value())
                        .isEqualTo(415);
                assertThat(api.submit()
                                .file(fixture("camera.jpg"))
                                .operations("[\"gif\"]")
                                .send()
                                .getStatusCode()
                                .value())
                        .isEqualTo(422);
                assertThat(api.submit()
                                .file(fixture("camera.jpg"))
                                .operations("[\"jpg\"]")
                                .key(key)
                                .send()
                                .getStatusCode()
                                .value())
                        .isEqualTo(200);
            }
            assertThat(api.submit()
                            .file(fixture("camera.jpg"))
                            .operations("[\"jpg\"]")
                            .send()
                            .getStatusCode()
                            .value())
                    .isEqualTo(202);
        });
        assertThat(camel.getProcessor("intake-turn", ConcurrentRequestsThrottler.class)
                        .getCurrentMaximumRequests())
                .isEqualTo(turns);
    }
}
