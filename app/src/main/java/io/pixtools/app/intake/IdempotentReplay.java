package io.pixtools.app.intake;

import io.pixtools.app.http.ApiException;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobStatus;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Answers a request whose Idempotency-Key was seen before: the original reply again (200) when the request is the
 * same, 422 when the key was used for a different request, 409 while the first request is still being taken in.
 */
@Component("idempotentReplay")
public class IdempotentReplay implements Processor {

    private final AcceptedReply accepted;

    public IdempotentReplay(AcceptedReply accepted) {
        this.accepted = accepted;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Job previous = exchange.getProperty(PixHeaders.PREVIOUS_JOB, Job.class);
        if (previous == null || previous.status() == JobStatus.ACCEPTING) {
            throw new ApiException(
                    409,
                    "request_in_progress",
                    IntakeRequestProcessor.IDEMPOTENCY_HEADER,
                    "Idempotency-Key: a request with this key is still being taken in; retry in a moment");
        }
        String fingerprint = exchange.getIn().getHeader(PixHeaders.FINGERPRINT, String.class);
        if (!fingerprint.equals(previous.requestFingerprint())) {
            throw new ApiException(
                    422,
                    "idempotency_key_reused",
                    IntakeRequestProcessor.IDEMPOTENCY_HEADER,
                    "Idempotency-Key: this key was already used with a different file or operations");
        }
        accepted.reply(exchange, previous.jobId(), 200);
        exchange.getMessage().setHeader("Idempotent-Replayed", "true");
    }
}
