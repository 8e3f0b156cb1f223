package io.pixtools.app.intake;

import io.pixtools.app.jobs.JobStore;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Finds the job that already holds this request's Idempotency-Key ({@code PixPreviousJob}; null when none). The key is
 * read here, not passed as an argument of a bean call in the route: Camel reads such an argument as a literal of its
 * method syntax, so the key {@code null} was looked up as no key and {@code 'q'} as {@code q}.
 */
@Component("previousJob")
public class PreviousJob implements Processor {

    private final JobStore jobs;

    public PreviousJob(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getIn().getHeader(PixHeaders.IDEMPOTENCY_KEY, String.class);
        exchange.setProperty(PixHeaders.PREVIOUS_JOB, jobs.findByIdempotencyKey(key));
    }
}
