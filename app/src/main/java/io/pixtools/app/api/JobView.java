package io.pixtools.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.storage.Timestamps;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/jobs/{job_id}}: the contract's fields ({@code job_id}, {@code status},
 * {@code operations}, {@code result_urls}, {@code archive_url}, {@code metadata}, {@code error_message},
 * {@code created_at}) plus per-operation progress under {@code outputs}, the source image, the expiry and, when the job
 * has a webhook, its delivery state under {@code webhook}.
 */
@Component("jobView")
public class JobView implements Processor {

    private final ObjectMapper json;
    private final PublicUrls urls;

    public JobView(ObjectMapper json, PublicUrls urls) {
        this.json = json;
        this.urls = urls;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Map<?, ?> job = exchange.getIn().getHeader(PixHeaders.JOB_ROW, Map.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        List<?> outputs = exchange.getIn().getHeader(PixHeaders.OUTPUT_ROWS, List.class);
        List<?> attempts = exchange.getIn().getHeader(PixHeaders.WEBHOOK_ATTEMPTS, List.class);
        Map<?, ?> delivery = exchange.getIn().getHeader(PixHeaders.WEBHOOK_DELIVERY, Map.class);
        Map<String, Object> view = view(job, outputs == null ? List.of() : outputs, attempts == null ? List.of() : attempts,
                delivery, urls.base(exchange));
        JsonReply.set(exchange, 200, json.writeValueAsString(view));
    }

    /**
     * The job's JSON. {@code delivery} is its webhook delivery row (null before the job finishes).
     */
    public Map<String, Object> view(Map<?, ?> job, List<?> outputRows, List<?> webhookAttempts, Map<?, ?> delivery, String base)
            throws JsonProcessingException {
        String jobId = String.valueOf(job.get("job_id"));
        JsonNode operations = json.readTree(String.valueOf(job.get("operations")));
        Map<String, Map<?, ?>> rows = new LinkedHashMap<>();
        outputRows.forEach(r -> rows.put(String.valueOf(((Map<?, ?>) r).get("operation")), (Map<?, ?>) r));

        Map<String, String> resultUrls = new LinkedHashMap<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (JsonNode op : operations) {
            String operation = op.asText();
            Map<?, ?> row = rows.get(operation);
            outputs.put(operation, output(row));
            if (row != null && "COMPLETED".equals(row.get("status"))) {
                resultUrls.put(operation, urls.result(base, jobId, operation));
            }
        }

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", jobId);
        view.put("status", job.get("status"));
        view.put("operations", operations);
        view.put("result_urls", resultUrls);
        view.put("archive_url", job.get("archive_key") == null ? null : urls.archive(base, jobId));
        view.put("metadata", job.get("metadata") == null ? null : json.readTree(String.valueOf(job.get("metadata"))));
        view.put("error_message", job.get("error_message"));
        view.put("created_at", timestamp(job.get("created_at")));
        view.put("updated_at", timestamp(job.get("updated_at")));
        view.put("expires_at", timestamp(job.get("expires_at")));
        view.put("operation_params", json.readTree(String.valueOf(job.get("operation_params"))));
        view.put("source", source(job));
        view.put("outputs", outputs);
        if (job.get("webhook_url") != null) {
            view.put("webhook", webhook(job, webhookAttempts, delivery));
        }
        return view;
    }

    /**
     * The webhook's state (PENDING until the job finishes and while attempts remain, then DELIVERED or FAILED), every
     * attempt made, and when the next one is planned.
     */
    private static Map<String, Object> webhook(Map<?, ?> job, List<?> attemptRows, Map<?, ?> delivery) {
        Map<String, Object> webhook = new LinkedHashMap<>();
        String state = delivery == null ? "PENDING" : String.valueOf(delivery.get("state"));
        webhook.put("url", job.get("webhook_url"));
        webhook.put("state", state);
        webhook.put("next_attempt_at", delivery != null && "PENDING".equals(state) ? timestamp(delivery.get("next_attempt_at")) : null);
        webhook.put("attempts", attemptRows.stream().map(r -> {
            Map<?, ?> row = (Map<?, ?>) r;
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("attempt", row.get("attempt"));
            attempt.put("at", timestamp(row.get("attempted_at")));
            attempt.put("outcome", row.get("outcome"));
            attempt.put("http_status", row.get("http_status"));
            attempt.put("error", row.get("error_message"));
            attempt.put("duration_ms", row.get("duration_ms"));
            return attempt;
        }).toList());
        return webhook;
    }

    private static Map<String, Object> output(Map<?, ?> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (row == null) {
            out.put("status", "PENDING");
            return out;
        }
        out.put("status", row.get("status"));
        if ("COMPLETED".equals(row.get("status"))) {
            out.put("content_type", row.get("content_type"));
            out.put("bytes", row.get("bytes"));
            if (row.get("width") != null) {
                out.put("width", row.get("width"));
                out.put("height", row.get("height"));
            }
        } else {
            out.put("error_message", row.get("error_message"));
        }
        out.put("finished_at", timestamp(row.get("finished_at")));
        return out;
    }

    private static Map<String, Object> source(Map<?, ?> job) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("name", job.get("source_name"));
        source.put("format", job.get("source_format"));
        source.put("bytes", job.get("source_bytes"));
        source.put("width", job.get("source_width"));
        source.put("height", job.get("source_height"));
        return source;
    }

    /** A database timestamp as UTC ISO-8601. */
    static String timestamp(Object value) {
        Instant instant = Timestamps.instant(value);
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC).toString();
    }
}
