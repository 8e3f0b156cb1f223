package io.pixtools.app.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.app.jobs.JobStatus;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.app.jobs.TestJobs;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The decision of the worker-fetch route, with the object store advised away: a task runs only for a job that is
 * still running. A task of a job that failed, finished or was removed is dropped before its original is fetched.
 */
@CamelSpringBootTest
@PixToolsApplicationTest
@DirtiesContext
class WorkerFetchRouteTests {

    @Autowired
    CamelContext camel;

    @Autowired
    JobStore jobs;

    private MockEndpoint fetched;

    @BeforeEach
    void adviseTheObjectStoreAway() throws Exception {
        if (camel.hasEndpoint("mock:fetch-original") == null) {
            AdviceWith.adviceWith(
                    camel,
                    "worker-fetch",
                    route -> route.weaveById("worker-fetch-original").replace().to("mock:fetch-original"));
            AdviceWith.adviceWith(
                    camel,
                    "worker-fetch",
                    route -> route.weaveById("worker-fetch-save-original").remove());
        }
        fetched = camel.getEndpoint("mock:fetch-original", MockEndpoint.class);
        fetched.reset();
    }

    @Test
    void aTaskOfARunningJobFetchesTheOriginalAndMarksTheJobProcessing() throws Exception {
        String jobId = job(true);
        fetched.expectedMessageCount(1);

        send(jobId);

        fetched.assertIsSatisfied();
        assertThat(jobs.find(jobId).status()).isEqualTo(JobStatus.PROCESSING);
    }

    @Test
    void aTaskOfAJobThatIsGoneIsDroppedBeforeTheFetch() throws Exception {
        String finished = job(true);
        jobs.giveUp(finished, "failed meanwhile");
        fetched.expectedMessageCount(0);

        send(finished);
        send(UUID.randomUUID().toString());

        fetched.assertIsSatisfied(200);
        assertThat(jobs.find(finished).status()).isEqualTo(JobStatus.FAILED);
    }

    private void send(String jobId) {
        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBody("direct:worker-fetch", """
                {"job_id": "%s", "operation": "jpg", "params": {},
                 "source_key": "jobs/%s/original.jpg", "source_name": "a", "operation_count": 1}""".formatted(jobId, jobId));
    }

    /** A job row, PENDING when {@code accepted}. */
    private String job(boolean accepted) {
        String jobId = UUID.randomUUID().toString();
        jobs.insert(TestJobs.job(jobId, JobStatus.ACCEPTING, List.of("jpg"), null));
        if (accepted) {
            jobs.accept(jobId);
        }
        return jobId;
    }
}
