package io.pixtools.app;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.dispatch.QueueEndpoints;
import io.pixtools.processors.PixHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.seda.SedaEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job is complete when every operation has recorded its output: each result that reports it, a redelivered or a
 * re-reported one included, may reach the job's end, and the job still ends once. A task message that holds all of a
 * job's operations finishes it itself, in the transaction that records its outputs (WholeJobFinish).
 */
@PixToolsApplicationTest
class JobCompletionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProducerTemplate camel;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext context;

    @Autowired
    QueueEndpoints queues;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void resultsReportedAgainAfterTheEndFinishNothingTwice() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
        api.awaitFinished(jobId);
        // A webhook is owed only by the one finish: finishing again would queue its delivery now.
        jdbc.update("UPDATE jobs SET webhook_url = 'http://hooks.example.com/pixtools' WHERE job_id = ?", jobId);
        String finishedAt = jdbc.queryForObject("SELECT updated_at FROM jobs WHERE job_id = ?", String.class, jobId);
        double finished = finishedCount();

        for (String operation : new String[] {"jpg", "webp", "jpg"}) {
            reportCompleted(jobId, operation);
        }

        assertThat(api.get("/api/jobs/" + jobId).getBody().path("status").asText())
                .isEqualTo("COMPLETED");
        assertFinishedOnce(jobId, finishedAt, finished);
    }

    @Test
    void aWholeJobMessageDeliveredAgainAfterTheEndFinishesNothingTwice() throws Exception {
        Exchange message;
        String jobId;
        context.getRouteController().suspendRoute("convert");
        try {
            // A consumer thread already waiting on its queue (for up to the poll timeout, 1 s) would still take it.
            Thread.sleep(1500);
            jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
            String id = jobId;
            SedaEndpoint standard = (SedaEndpoint) queues.of("standard-queue");
            message = await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> standard.getExchanges().stream()
                                    .filter(e -> id.equals(e.getIn().getHeader(PixHeaders.JOB_ID)))
                                    .findFirst()
                                    .map(Exchange::copy)
                                    .orElse(null),
                            e -> e != null);
        } finally {
            context.getRouteController().resumeRoute("convert");
        }
        JsonNode finishedJob = api.awaitFinished(jobId);
        assertThat(finishedJob.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(finishedJob.path("archive_url").asText()).isNotEmpty();
        jdbc.update("UPDATE jobs SET webhook_url = 'http://hooks.example.com/pixtools' WHERE job_id = ?", jobId);
        String finishedAt = jdbc.queryForObject("SELECT updated_at FROM jobs WHERE job_id = ?", String.class, jobId);
        double finished = finishedCount();

        NotifyBuilder ran =
                new NotifyBuilder(context).fromRoute("convert").whenDone(1).create();
        camel.send(queues.of("standard-queue"), message);

        assertThat(ran.matches(20, TimeUnit.SECONDS))
                .as("the worker ran the message again")
                .isTrue();
        assertFinishedOnce(jobId, finishedAt, finished);
    }

    @Test
    void aJobWithAnOutputMissingIsNotFinished() {
        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\"]");
        api.awaitFinished(jobId);
        jdbc.update("DELETE FROM job_outputs WHERE job_id = ? AND operation = 'webp'", jobId);
        jdbc.update("UPDATE jobs SET status = 'PROCESSING' WHERE job_id = ?", jobId);

        reportCompleted(jobId, "jpg");

        assertThat(jdbc.queryForObject("SELECT status FROM jobs WHERE job_id = ?", String.class, jobId))
                .isEqualTo("PROCESSING");
    }

    /** What a worker reports after recording its output, for a job of two operations. */
    private void reportCompleted(String jobId, String operation) {
        camel.sendBodyAndHeaders(
                "direct:report-result",
                "COMPLETED",
                Map.of(
                        PixHeaders.JOB_ID,
                        jobId,
                        PixHeaders.OPERATION,
                        operation,
                        PixHeaders.OPERATION_COUNT,
                        2,
                        PixHeaders.OPERATION_STATUS,
                        "COMPLETED"));
    }

    /** Not finished again: the same final write, no webhook delivery queued by a second finish, counted once. */
    private void assertFinishedOnce(String jobId, String finishedAt, double finished) {
        assertThat(jdbc.queryForObject("SELECT updated_at FROM jobs WHERE job_id = ?", String.class, jobId))
                .as("the finished job was not finished again")
                .isEqualTo(finishedAt);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM webhook_deliveries WHERE job_id = ?", Integer.class, jobId))
                .isZero();
        assertThat(finishedCount()).as("counted once").isEqualTo(finished);
    }

    private double finishedCount() {
        return meters.find("pixtools.jobs.finished").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
