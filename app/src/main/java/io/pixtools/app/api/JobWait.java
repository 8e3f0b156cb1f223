package io.pixtools.app.api;

import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.app.jobs.JobWaits;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.PixHeaders;
import java.time.Duration;
import java.util.Set;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/jobs/{id}?wait=N}: a job that is not finished yet is answered when it finishes, or after N seconds
 * (at most {@link #MAX_SECONDS}) with its status then, instead of at once; a client waits with one request instead of
 * polling. No thread is held while it waits.
 */
@Component("jobWait")
public class JobWait extends AsyncProcessorSupport {

    static final int MAX_SECONDS = 60;

    private final JobStore jobs;
    private final JobWaits waits;

    public JobWait(JobStore jobs, JobWaits waits) {
        this.jobs = jobs;
        this.waits = waits;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        int seconds;
        try {
            seconds = seconds(exchange.getIn().getHeader("wait", String.class));
        } catch (InvalidOptionsException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        if (seconds == 0 || job == null || job.status().finished()) {
            callback.done(true);
            return true;
        }
        String jobId = job.jobId();
        waits.await(jobId, Duration.ofSeconds(seconds), () -> {
            try {
                exchange.setProperty(PixHeaders.JOB, jobs.find(jobId));
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(false);
        });
        // It may have finished between the route's read and the registration above.
        if (jobs.finishedAmong(Set.of(jobId)).contains(jobId)) {
            waits.finished(jobId);
        }
        return false;
    }

    /** The {@code wait} query parameter: whole seconds from 0 to {@link #MAX_SECONDS}; absent is 0. */
    static int seconds(String wait) {
        if (wait == null || wait.isEmpty()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(wait);
            if (seconds >= 0 && seconds <= MAX_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidOptionsException("wait", "a whole number of seconds from 0 to " + MAX_SECONDS);
    }
}
