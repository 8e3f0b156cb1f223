package io.pixtools.app.intake;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.settings.PixToolsProperties;
import java.nio.file.Path;
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
        Path photo = fixture("camera.jpg");
        assertThat(status(api.submit().file(photo).operations("[\"jpg\"]").key(key)))
                .isEqualTo(202);

        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3 * turns; i++) {
                assertThat(status(api.submit()
                                .file("notes.jpg", "just text".getBytes())
                                .operations("[\"jpg\"]")))
                        .isEqualTo(415);
                assertThat(status(api.submit().file(photo).operations("[\"gif\"]")))
                        .isEqualTo(422);
                assertThat(status(
                                api.submit().file(photo).operations("[\"jpg\"]").key(key)))
                        .as("a replay")
                        .isEqualTo(200);
            }
            assertThat(status(api.submit().file(photo).operations("[\"jpg\"]"))).isEqualTo(202);
        });
        assertThat(camel.getProcessor("intake-turn", ConcurrentRequestsThrottler.class)
                        .getCurrentMaximumRequests())
                .isEqualTo(turns);
    }

    private static int status(ApiClient.Submission submission) {
        return submission.send().getStatusCode().value();
    }
}
