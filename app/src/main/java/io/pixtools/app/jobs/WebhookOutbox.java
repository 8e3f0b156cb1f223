package io.pixtools.app.jobs;

import static io.pixtools.app.jobs.Timestamps.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook outbox in the database: one delivery per finished job with a webhook ({@code webhook_deliveries},
 * written by the job store when the job finishes) and the attempts made ({@code webhook_attempts}).
 */
@Component("webhookOutbox")
public class WebhookOutbox {

    /** A delivery as the dispatcher sees it. */
    public record Due(String jobId, String receiver, int attempts) {}

    /** A delivery as the job JSON shows it. */
    public record State(String state, int attempts, Instant nextAttemptAt) {}

    /** One attempt made. */
    public record Attempt(
            int attempt,
            Instant attemptedAt,
            String outcome,
            Integer httpStatus,
            String errorMessage,
            long durationMs) {}

    /** What an attempt came to: the attempt to record, and the delivery's next state and time. */
    public record Result(
            String outcome,
            Integer httpStatus,
            String errorMessage,
            long durationMs,
            String state,
            Instant nextAttempt,
            boolean postponeReceiver) {}

    private final JdbcClient jdbc;

    public WebhookOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Due deliveries no live dispatcher holds, oldest first, at most {@code perReceiver} per receiver. */
    public List<Due> due(int perReceiver, int limit) {
        return jdbc.sql(SqlFiles.get("find-due-webhooks"))
                .param("perReceiver", perReceiver)
                .param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("job_id"), rs.getString("receiver"), rs.getInt("attempts")))
                .list();
    }

    /** Exactly one dispatcher gets a due delivery, for a lease until {@code until}. */
    public boolean claim(String jobId, String holder, Instant until) {
        return jdbc.sql(SqlFiles.get("claim-webhook-delivery"))
                        .param("jobId", jobId)
                        .param("holder", holder)
                        .param("until", utc(until))
                        .update()
                == 1;
    }

    /** The attempt is recorded and the delivery planned (and the claim released), together. */
    @Transactional
    public void finish(String jobId, String holder, String receiver, Result result) {
        jdbc.sql(SqlFiles.get("record-webhook-attempt"))
                .param("jobId", jobId)
                .param("outcome", result.outcome())
                .param("httpStatus", result.httpStatus())
                .param("errorMessage", result.errorMessage())
                .param("durationMs", result.durationMs())
                .update();
        jdbc.sql(SqlFiles.get("finish-webhook-attempt"))
                .param("jobId", jobId)
                .param("holder", holder)
                .param("state", result.state())
                .param("nextAttempt", utc(result.nextAttempt()))
                .update();
        if (result.postponeReceiver()) {
            jdbc.sql(SqlFiles.get("postpone-webhook-receiver"))
                    .param("receiver", receiver)
                    .param("nextAttempt", utc(result.nextAttempt()))
                    .update();
        }
    }

    /** A fresh delivery of a finished job's webhook, due now; false when the job has none or is not finished. */
    public boolean redeliver(String jobId, String receiver) {
        return jdbc.sql(SqlFiles.get("redeliver-webhook"))
                        .param("jobId", jobId)
                        .param("receiver", receiver)
                        .update()
                > 0;
    }

    /** The job's delivery, or null before the job finishes. */
    public State state(String jobId) {
        return jdbc.sql(SqlFiles.get("find-webhook-delivery"))
                .param("jobId", jobId)
                .query((rs, n) -> new State(
                        rs.getString("state"), rs.getInt("attempts"), instant(rs.getObject("next_attempt_at"))))
                .optional()
                .orElse(null);
    }

    public List<Attempt> attempts(String jobId) {
        return jdbc.sql(SqlFiles.get("find-webhook-attempts"))
                .param("jobId", jobId)
                .query(WebhookOutbox::attempt)
                .list();
    }

    private static Attempt attempt(ResultSet rs, int n) throws SQLException {
        return new Attempt(
                rs.getInt("attempt"),
                instant(rs.getObject("attempted_at")),
                rs.getString("outcome"),
                rs.getObject("http_status", Integer.class),
                rs.getString("error_message"),
                rs.getLong("duration_ms"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
