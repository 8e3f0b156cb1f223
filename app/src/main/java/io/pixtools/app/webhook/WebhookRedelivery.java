package io.pixtools.app.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.api.ApiException;
import io.pixtools.app.api.JsonReply;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/jobs/{job_id}/webhook/redeliver}: queues a fresh delivery of a finished job's webhook, due now and
 * with the whole retry schedule ahead of it. 404 for an unknown job or one without a webhook, 409 while the job is
 * still running (its webhook goes out when it finishes).
 */
@Component("webhookRedelivery")
public class WebhookRedelivery {

    private final ObjectMapper json;

    public WebhookRedelivery(ObjectMapper json) {
        this.json = json;
    }

    public void check(Exchange exchange) {
        Map<?, ?> job = exchange.getIn().getHeader(PixHeaders.JOB_ROW, Map.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        if (job.get("webhook_url") == null) {
            throw ApiException.notFound("webhook (the job has no webhook_url)");
        }
        String status = String.valueOf(job.get("status"));
        if (!status.equals("COMPLETED") && !status.equals("FAILED")) {
            throw new ApiException(409, "job_running", null, "the job is " + status + "; its webhook is sent when it finishes");
        }
        exchange.getIn().setHeader(PixHeaders.WEBHOOK_RECEIVER, WebhookReceiver.of(String.valueOf(job.get("webhook_url"))));
    }

    public void reply(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> webhook = new LinkedHashMap<>();
        webhook.put("state", "PENDING");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", exchange.getIn().getHeader(PixHeaders.JOB_ID));
        body.put("webhook", webhook);
        JsonReply.set(exchange, 202, json.writeValueAsString(body));
    }
}
