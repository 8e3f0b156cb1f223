package io.pixtools.app;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A process that dies between steps leaves its job PENDING or PROCESSING. The recovery sweep finds such jobs, claims
 * each once, runs what is missing and lets the job finish; after max-recoveries it fails the job in words.
 */
@PixToolsApplicationTest
class RecoveryTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    CamelContext context;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** Makes a finished job look like one whose worker died after the jpg: webp never ran, nothing was bundled. */
    private String stuckJob() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
        api.awaitFinished(jobId);
        jdbc.update("DELETE FROM job_outputs WHERE job_id = ? AND operation = 'webp'", jobId);
        jdbc.update(
                "UPDATE jobs SET status = 'PROCESSING', archive_key = NULL, updated_at = CURRENT_TIMESTAMP - INTERVAL '1' HOUR "
                        + "WHERE job_id = ?",
                jobId);
        return jobId;
    }

    @Test
    void resumesAStuckJobOnceAndItCompletes() {
        String jobId = stuckJob();

        camel.requestBody("direct:recover-stuck", (Object) null);
        camel.requestBody("direct:recover-stuck", (Object) null);

        JsonNode job = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/jobs/" + jobId).getBody(),
                        j -> "COMPLETED".equals(j.path("status").asText()));
        assertThat(job.path("result_urls").has("webp")).isTrue();
        assertThat(job.path("archive_url").isNull()).isFalse();
        assertThat(jdbc.queryForObject("SELECT recovery_attempts FROM jobs WHERE job_id = ?", Integer.class, jobId))
                .as("the second sweep found nothing stuck: the job was claimed once")
                .isOne();
    }

    @Test
    void givesUpAfterMaxRecoveriesWithAMessage() {
        String jobId = stuckJob();
        jdbc.update("UPDATE jobs SET recovery_attempts = 3 WHERE job_id = ?", jobId);

        camel.requestBody("direct:recover-stuck", (Object) null);

        JsonNode job = api.get("/api/jobs/" + jobId).getBody();
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error_message").asText())
                .isEqualTo("the job did not finish after 3 recoveries; unfinished operations: webp");
    }

    /** Parameters an earlier version accepted but this one refuses: the job fails in words instead of being retried. */
    @Test
    void givesUpOnAJobWhoseStoredParametersNoLongerParse() {
        String jobId = stuckJob();
        jdbc.update("UPDATE jobs SET operation_params = ? WHERE job_id = ?", "{\"webp\":{\"quality\":500}}", jobId);

        camel.requestBody("direct:recover-stuck", (Object) null);

        JsonNode job = api.get("/api/jobs/" + jobId).getBody();
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("error_message").asText())
                .isEqualTo("the job cannot be resumed: operation_params.webp.quality: must be from 1 to 100 (got 500)");
    }

    @Test
    void leavesJobsThatAreMovingAlone() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\"]");
        api.awaitFinished(jobId);
        jdbc.update("UPDATE jobs SET status = 'PROCESSING' WHERE job_id = ?", jobId);

        camel.requestBody("direct:recover-stuck", (Object) null);

        assertThat(jdbc.queryForObject("SELECT recovery_attempts FROM jobs WHERE job_id = ?", Integer.class, jobId))
                .isZero();
    }

    /** Behind a backlog a job is slow, not stuck: the sweep waits until the queues have drained. */
    @Test
    void waitsWhileTasksAreQueuedThenRecovers() throws Exception {
        String jobId = stuckJob();
        context.getRouteController().stopRoute("convert");
        String queued;
        try {
            queued = api.submitAndGetId(fixture("camera.jpg"), "[\"png\"]");
            camel.requestBody("direct:recover-stuck", (Object) null);
            assertThat(jdbc.queryForObject("SELECT recovery_attempts FROM jobs WHERE job_id = ?", Integer.class, jobId))
                    .as("a task was waiting, so nothing was recovered")
                    .isZero();
        } finally {
            context.getRouteController().startRoute("convert");
        }
        api.awaitFinished(queued);

        camel.requestBody("direct:recover-stuck", (Object) null);

        assertThat(jdbc.queryForObject("SELECT recovery_attempts FROM jobs WHERE job_id = ?", Integer.class, jobId))
                .isOne();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/jobs/" + jobId).getBody(),
                        j -> "COMPLETED".equals(j.path("status").asText()));
    }
}
