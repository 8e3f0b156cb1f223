package io.pixtools.app.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobEnd;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.JobStatus;
import io.pixtools.app.jobs.TestJobs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a job ends and what its ZIP holds, from its stored outputs: no Spring, no database. */
class JobOutcomeTests {

    @Test
    void aJobWhoseOperationsAllProducedOutputCompletesAndOwesItsWebhook() {
        JobEnd end = JobOutcome.decide(
                job(List.of("jpg", "webp"), "https://hooks.example.com/pix"),
                List.of(done("jpg"), done("webp")),
                "jobs/j/archive.zip");

        assertThat(end).isEqualTo(new JobEnd(JobStatus.COMPLETED, null, "jobs/j/archive.zip", "hooks.example.com:443"));
    }

    @Test
    void failedAndUnfinishedOperationsAreNamedInOrder() {
        JobEnd end = JobOutcome.decide(
                job(List.of("jpg", "avif", "denoise"), null),
                List.of(done("jpg"), JobOutput.failed("avif", "the image is too large")),
                null);

        assertThat(end.status()).isEqualTo(JobStatus.FAILED);
        assertThat(end.errorMessage())
                .isEqualTo("2 of 3 operations failed. avif: the image is too large; denoise: did not finish in time");
        assertThat(end.webhookReceiver()).isNull();
    }

    @Test
    void theBundleHoldsOnlyCompletedOutputsNamedAfterTheUpload() {
        List<BundleEntries.BundleEntry> entries = BundleEntries.entries(
                "holiday",
                List.of(done("webp"), JobOutput.failed("png", "x"), done("metadata"), done("denoise")),
                Path.of("/tmp/b"));

        assertThat(entries)
                .extracting(BundleEntries.BundleEntry::entryName)
                .containsExactly("holiday.webp", "holiday-metadata.json", "holiday-denoised.png");
        assertThat(entries.getFirst().objectKey()).isEqualTo("jobs/j/webp.webp");
    }

    private static JobOutput done(String operation) {
        String extension = switch (operation) {
            case "metadata" -> "json";
            case "denoise" -> "png";
            default -> operation;
        };
        return JobOutput.completed(operation, "jobs/j/" + operation + "." + extension, "image/" + extension, 10, 1, 1);
    }

    private static Job job(List<String> operations, String webhookUrl) {
        return TestJobs.job("j", JobStatus.PROCESSING, operations, webhookUrl);
    }
}
