package io.pixtools.app.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A job row for tests: what a test is about is given, the rest is plain (one 1x1 JPEG named "holiday", no key). */
public final class TestJobs {

    private TestJobs() {}

    /** Created now, expiring in an hour. */
    public static Job job(String jobId, JobStatus status, List<String> operations, String webhookUrl) {
        Instant now = Instant.now();
        return new Job(
                jobId,
                null,
                status,
                operations,
                "{}",
                webhookUrl,
                null,
                "jobs/" + jobId + "/original.jpg",
                "holiday",
                "jpeg",
                1,
                1,
                1,
                null,
                null,
                null,
                null,
                null,
                0,
                now,
                now,
                now.plus(Duration.ofHours(1)));
    }
}
