package io.pixtools.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.ApiException;
import io.pixtools.app.http.JsonReply;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.WebhookOutbox;
import io.pixtools.processors.PixHeaders;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

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
    private final WebhookOutbox outbox;

    public JobView(ObjectMapper json, PublicUrls urls, WebhookOutbox outbox) {
        this.json = json;
        this.urls = urls;
        this.outbox = outbox;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        List<?> outputs = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        Map<String, Object> view = view(
                job,
                outputs == null
                        ? List.of()
                        : outputs.stream().map(JobOutput.class::cast).toList(),
                urls.base(exchange));
        if (job.webhookUrl() != null) {
            // The state first: an attempt is committed with the state it leads to, so a later read of the attempts
            // sees every attempt behind that state (the other order could show DELIVERED with no attempt).
            WebhookOutbox.State delivery = outbox.state(job.jobId());
            view.put("webhook", webhook(job, outbox.attempts(job.jobId()), delivery));
        }
        JsonReply.set(exchange, 200, json.writeValueAsString(view));
    }

    /** The job's JSON without its webhook: what {@code GET /api/jobs/{job_id}} shows and a webhook delivers. */
    public Map<String, Object> view(Job job, List<JobOutput> outputRows, String base) throws JsonProcessingException {
        String jobId = job.jobId();
        Map<String, JobOutput> rows = new LinkedHashMap<>();
        outputRows.forEach(r -> rows.put(r.operation(), r));

        Map<String, String> resultUrls = new LinkedHashMap<>();
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (String operation : job.operations()) {
            JobOutput row = rows.get(operation);
            outputs.put(operation, output(row));
            if (row != null && row.completed()) {
                resultUrls.put(operation, urls.result(base, jobId, operation));
            }
        }

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", jobId);
        view.put("status", job.status().name());
        view.put("operations", job.operations());
        view.put("result_urls", resultUrls);
        view.put("archive_url", job.archiveKey() == null ? null : urls.archive(base, jobId));
        view.put("metadata", job.metadata() == null ? null : json.readTree(job.metadata()));
        view.put("error_message", job.errorMessage());
        view.put("created_at", timestamp(job.createdAt()));
        view.put("updated_at", timestamp(job.updatedAt()));
        view.put("expires_at", timestamp(job.expiresAt()));
        view.put("operation_params", json.readTree(job.operationParams()));
        view.put("source", source(job));
        view.put("outputs", outputs);
        return view;
    }

    /**
     * The webhook's state (PENDING until the job finishes and while attempts remain, then DELIVERED or FAILED), every
     * attempt made, and when the next one is planned. {@code delivery} is null before the job finishes.
     */
    private static Map<String, Object> webhook(
            Job job, List<WebhookOutbox.Attempt> attempts, WebhookOutbox.State delivery) {
        Map<String, Object> webhook = new LinkedHashMap<>();
        String state = delivery == null ? "PENDING" : delivery.state();
        webhook.put("url", job.webhookUrl());
        webhook.put("state", state);
        webhook.put(
                "next_attempt_at",
                delivery != null && "PENDING".equals(state) ? timestamp(delivery.nextAttemptAt()) : null);
        webhook.put(
                "attempts",
                attempts.stream()
                        .map(a -> {
                            Map<String, Object> attempt = new LinkedHashMap<>();
                            attempt.put("attempt", a.attempt());
                            attempt.put("at", timestamp(a.attemptedAt()));
                            attempt.put("outcome", a.outcome());
                            attempt.put("http_status", a.httpStatus());
                            attempt.put("error", a.errorMessage());
                            attempt.put("duration_ms", a.durationMs());
                            return attempt;
                        })
                        .toList());
        return webhook;
    }

    private static Map<String, Object> output(JobOutput row) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (row == null) {
            out.put("status", "PENDING");
            return out;
        }
        out.put("status", row.status().name());
        if (row.completed()) {
            out.put("content_type", row.contentType());
            out.put("bytes", row.bytes());
            if (row.width() != null) {
                out.put("width", row.width());
                out.put("height", row.height());
            }
        } else {
            out.put("error_message", row.errorMessage());
        }
        out.put("finished_at", timestamp(row.finishedAt()));
        return out;
    }

    private static Map<String, Object> source(Job job) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("name", job.sourceName());
        source.put("format", job.sourceFormat());
        source.put("bytes", job.sourceBytes());
        source.put("width", job.sourceWidth());
        source.put("height", job.sourceHeight());
        return source;
    }

    /** A database timestamp as UTC ISO-8601. */
    static String timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC).toString();
    }
}
