package io.pixtools.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pixtools.app.PixToolsApplicationTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A running job's row is marked as moving when a task starts or records its output, for the recovery sweep, but at most
 * once per tenth of {@code pixtools.jobs.stuck-after}: the tasks of a quick job do not each rewrite it.
 */
@PixToolsApplicationTest
class JobProgressMarksTests {

    @Autowired
    JobStore jobs;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theFirstTaskMarksAPendingJobProcessingAndLaterOnesLeaveAFreshMark() {
        String jobId = pendingJob();
        setUpdatedAt(jobId, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(jobs.markProcessing(jobId)).isTrue();
        assertThat(status(jobId)).isEqualTo("PROCESSING");
        Instant marked = updatedAt(jobId);
        assertThat(marked).isAfter(Instant.now().minusSeconds(60));

        setUpdatedAt(jobId, marked.minusSeconds(1));
        Instant fresh = updatedAt(jobId);
        assertThat(jobs.markProcessing(jobId)).as("the job still runs").isTrue();
        assertThat(jobs.recordOutputs(
                        jobId,
                        List.of(JobOutput.completed("jpg", "jobs/" + jobId + "/jpg.jpg", "image/jpeg", 10L, 1, 1))))
                .isTrue();
        assertThat(updatedAt(jobId)).as("a mark a second old is fresh enough").isEqualTo(fresh);
    }

    @Test
    void aJobThatHasNotMovedForATenthOfTheStuckPeriodIsMarkedAgain() {
        String jobId = pendingJob();
        assertThat(jobs.markProcessing(jobId)).isTrue();
        // stuck-after is 10 minutes by default: a mark older than one minute is renewed.
        Instant old = Instant.now().minusSeconds(90);
        setUpdatedAt(jobId, old);
        assertThat(jobs.markProcessing(jobId)).isTrue();
        assertThat(updatedAt(jobId)).isAfter(old.plusSeconds(60));

        setUpdatedAt(jobId, old);
        assertThat(jobs.recordOutputs(
                        jobId,
                        List.of(JobOutput.completed("jpg", "jobs/" + jobId + "/jpg.jpg", "image/jpeg", 10L, 1, 1))))
                .isTrue();
        assertThat(updatedAt(jobId)).isAfter(old.plusSeconds(60));
    }

    @Test
    void aTaskOfAJobThatNoLongerRunsIsRefusedWhateverItsMark() {
        String jobId = pendingJob();
        assertThat(jobs.markProcessing(jobId)).isTrue();
        jdbc.update("UPDATE jobs SET status = 'FAILED' WHERE job_id = ?", jobId);
        assertThat(jobs.markProcessing(jobId)).isFalse();

        jobs.delete(jobId);
        assertThat(jobs.markProcessing(jobId)).isFalse();
        assertThat(jobs.markProcessing(UUID.randomUUID().toString())).isFalse();
    }

    /** A message that fails after an earlier attempt completed some of its operations keeps what was completed. */
    @Test
    void aFailureIsRecordedOnlyWhereAnOperationHasNoOutputYet() {
        String jobId = pendingJob();
        JobOutput jpg = JobOutput.completed("jpg", "jobs/" + jobId + "/jpg.jpg", "image/jpeg", 10L, 1, 1);
        assertThat(jobs.recordOutputs(jobId, List.of(jpg))).isTrue();

        assertThat(jobs.recordOutputs(
                        jobId, List.of(JobOutput.failed("jpg", "gone"), JobOutput.failed("webp", "gone"))))
                .isTrue();
        assertThat(jobs.outputs(jobId))
                .extracting(JobOutput::operation, JobOutput::status)
                .containsExactlyInAnyOrder(
                        tuple("jpg", JobOutput.OutputStatus.COMPLETED), tuple("webp", JobOutput.OutputStatus.FAILED));
        assertThat(jobs.recordOutputs(jobId, List.of(JobOutput.failed("webp", "again"))))
                .as("the job still runs, so the failure is still reported")
                .isTrue();
        assertThat(jobs.allOutputsRecorded(jobId, 2)).isTrue();

        jdbc.update("UPDATE jobs SET status = 'FAILED' WHERE job_id = ?", jobId);
        assertThat(jobs.recordOutputs(jobId, List.of(JobOutput.failed("webp", "late"))))
                .isFalse();
        jobs.delete(jobId);
        assertThat(jobs.recordOutputs(jobId, List.of(JobOutput.failed("jpg", "late"))))
                .isFalse();
    }

    /** A message's outputs, completed and failed, are recorded together, or not at all for a job that is gone. */
    @Test
    void theOutputsOfAMessageAreRecordedTogether() {
        String jobId = pendingJob();
        List<JobOutput> message = List.of(
                JobOutput.completed("jpg", "jobs/" + jobId + "/jpg.jpg", "image/jpeg", 10L, 1, 1),
                JobOutput.failed("webp", "bad options"));
        assertThat(jobs.recordOutputs(jobId, message)).isTrue();
        assertThat(jobs.outputs(jobId))
                .extracting(JobOutput::operation, JobOutput::status, JobOutput::errorMessage)
                .containsExactlyInAnyOrder(
                        tuple("jpg", JobOutput.OutputStatus.COMPLETED, null),
                        tuple("webp", JobOutput.OutputStatus.FAILED, "bad options"));
        assertThat(jobs.allOutputsRecorded(jobId, 2)).isTrue();

        jobs.delete(jobId);
        assertThat(jobs.recordOutputs(jobId, message)).isFalse();
        assertThat(jobs.outputs(jobId)).isEmpty();
    }

    private String pendingJob() {
        String jobId = UUID.randomUUID().toString();
        jobs.insert(TestJobs.job(jobId, JobStatus.ACCEPTING, List.of("jpg", "webp"), null));
        jobs.accept(jobId);
        return jobId;
    }

    private void setUpdatedAt(String jobId, Instant at) {
        jdbc.update("UPDATE jobs SET updated_at = ? WHERE job_id = ?", at.atOffset(ZoneOffset.UTC), jobId);
    }

    private Instant updatedAt(String jobId) {
        return jdbc.queryForObject("SELECT updated_at FROM jobs WHERE job_id = ?", OffsetDateTime.class, jobId)
                .toInstant();
    }

    private String status(String jobId) {
        return jdbc.queryForObject("SELECT status FROM jobs WHERE job_id = ?", String.class, jobId);
    }
}
