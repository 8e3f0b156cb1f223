package io.pixtools.app.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.ApiException;
import io.pixtools.app.http.JsonReply;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.WebhookOutbox;
import io.pixtools.processors.PixHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/jobs/{job_id}/webhook/redeliver}: queues a fresh delivery of a finished job's webhook, due now and
 * with the whole retry schedule ahead of it. 404 for an unknown job or one without a webhook, 409 while the job is
 * still running (its webhook goes out when it finishes).
 */
@Component("webhookRedelivery")
public class WebhookRedelivery {

    private final ObjectMapper json;
    private final WebhookOutbox outbox;

    public WebhookRedelivery(ObjectMapper json, WebhookOutbox outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    public void redeliver(Exchange exchange) throws JsonProcessingException {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        if (job.webhookUrl() == null) {
            throw ApiException.notFound("webhook (the job has no webhook_url)");
        }
        if (!job.status().finished()) {
            throw new ApiException(
                    409, "job_running", null, "the job is " + job.status() + "; its webhook is sent when it finishes");
        }
        outbox.redeliver(job.jobId(), WebhookReceiver.of(job.webhookUrl()));

        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("state", "PENDING");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.jobId());
        body.put("webhook", webhook);
        JsonReply.set(exchange, 202, json.writeValueAsString(body));
    }
}
