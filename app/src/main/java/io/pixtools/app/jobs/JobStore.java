package io.pixtools.app.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.settings.PixToolsProperties;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs and their outputs in the database, with the statements of {@code sql/}. Routes call it as a bean with typed
 * arguments; every write that must not happen twice is guarded in its SQL, and says whether it happened.
 */
@Component("jobStore")
public class JobStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    /**
     * How often, at most, a running job's row is marked as moving (when a task starts or records its output), per
     * {@code pixtools.jobs.stuck-after}: often enough for the recovery sweep, rarely enough that the tasks of a quick
     * job do not each rewrite its row.
     */
    static final int MARKS_PER_STUCK_PERIOD = 10;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Duration markEvery;
    private final boolean notifiesFinish;
    private final RowMapper<Job> jobs = this::job;

    @Autowired
    public JobStore(JdbcClient jdbc, ObjectMapper json, PixToolsProperties properties, DataSourceProperties database) {
        this(jdbc, json, properties.jobs().stuckAfter(), DatabaseKind.of(database) == DatabaseKind.POSTGRESQL);
    }

    JobStore(JdbcClient jdbc, ObjectMapper json, Duration stuckAfter) {
        this(jdbc, json, stuckAfter, false);
    }

    private JobStore(JdbcClient jdbc, ObjectMapper json, Duration stuckAfter, boolean notifiesFinish) {
        this.jdbc = jdbc;
        this.json = json;
        this.markEvery = stuckAfter.dividedBy(MARKS_PER_STUCK_PERIOD);
        this.notifiesFinish = notifiesFinish;
    }

    /** A new job, ACCEPTING (invisible) until {@link #accept}. */
    public void insert(Job job) {
        jdbc.sql(SqlFiles.get("insert-job"))
                .param("jobId", job.jobId())
                .param("owner", job.owner())
                .param("operations", write(job.operations()))
                .param("operationParams", job.operationParams())
                .param("webhookUrl", job.webhookUrl())
                .param("publicBase", job.publicBase())
                .param("sourceKey", job.sourceKey())
                .param("sourceName", job.sourceName())
                .param("sourceFormat", job.sourceFormat())
                .param("sourceBytes", job.sourceBytes())
                .param("sourceWidth", job.sourceWidth())
                .param("sourceHeight", job.sourceHeight())
                .param("idempotencyKey", job.idempotencyKey())
                .param("requestFingerprint", job.requestFingerprint())
                .param("createdAt", utc(job.createdAt()))
                .param("expiresAt", utc(job.expiresAt()))
                .update();
    }

    /** The original is stored: the job may run. */
    public void accept(String jobId) {
        if (jdbc.sql(SqlFiles.get("accept-job")).param("jobId", jobId).update() != 1) {
            throw new IllegalStateException("the job row of this intake is gone");
        }
    }

    /** A visible job (not ACCEPTING, not expired), or null. */
    public Job find(String jobId) {
        return jdbc.sql(SqlFiles.get("find-job"))
                .param("jobId", jobId)
                .query(jobs)
                .optional()
                .orElse(null);
    }

    /** Which of {@code jobIds} are COMPLETED or FAILED. */
    public Set<String> finishedAmong(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql(SqlFiles.get("find-finished-jobs"))
                .param("jobIds", List.copyOf(jobIds))
                .query(String.class)
                .list());
    }

    /** The live job that holds an Idempotency-Key (ACCEPTING ones included: they hold the key too), or null. */
    public Job findByIdempotencyKey(String key) {
        return jdbc.sql(SqlFiles.get("find-job-by-idempotency-key"))
                .param("idempotencyKey", key)
                .query(jobs)
                .optional()
                .orElse(null);
    }

    public List<JobOutput> outputs(String jobId) {
        return jdbc.sql(SqlFiles.get("find-outputs"))
                .param("jobId", jobId)
                .query(JobStore::output)
                .list();
    }

    /** A task may run only for a job that is still running; false when it is not (failed, finished, removed). */
    public boolean markProcessing(String jobId) {
        int marked = jdbc.sql(SqlFiles.get("mark-job-processing"))
                .param("jobId", jobId)
                .param("movedSince", utc(movedSince()))
                .update();
        return marked > 0 || running(jobId);
    }

    private boolean running(String jobId) {
        return jdbc.sql(SqlFiles.get("job-running"))
                        .param("jobId", jobId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * Records the outputs of a task message's operations in one transaction, and marks the job as moving. A completed
     * output is recorded once (a redelivered message records the same again); a failure only where its operation has
     * no output yet, so a failure never replaces what an earlier attempt completed. False when the job no longer runs
     * (failed, finished or removed), so that nobody hears about it.
     */
    @Transactional
    public boolean recordOutputs(String jobId, List<JobOutput> outputs) {
        int recorded = 0;
        for (JobOutput output : outputs) {
            recorded += output.status() == JobOutput.OutputStatus.COMPLETED
                    ? recordCompleted(jobId, output)
                    : jdbc.sql(SqlFiles.get("record-failure"))
                            .param("jobId", jobId)
                            .param("operation", output.operation())
                            .param("errorMessage", output.errorMessage())
                            .update();
        }
        if (recorded == 0) {
            return running(jobId);
        }
        jdbc.sql(SqlFiles.get("touch-job"))
                .param("jobId", jobId)
                .param("movedSince", utc(movedSince()))
                .update();
        return true;
    }

    private int recordCompleted(String jobId, JobOutput output) {
        return jdbc.sql(SqlFiles.get("record-output"))
                .param("jobId", jobId)
                .param("operation", output.operation())
                .param("status", output.status().name())
                .param("objectKey", output.objectKey())
                .param("contentType", output.contentType())
                .param("bytes", output.bytes())
                .param("width", output.width())
                .param("height", output.height())
                .param("errorMessage", output.errorMessage())
                .update();
    }

    /**
     * Whether every operation of the job has recorded its output. Read after this worker's own output is committed,
     * so of two last operations finishing at once at least one sees the job complete; finishing twice is harmless.
     */
    public boolean allOutputsRecorded(String jobId, int operations) {
        Integer recorded = jdbc.sql(SqlFiles.get("count-outputs"))
                .param("jobId", jobId)
                .query(Integer.class)
                .single();
        return recorded != null && recorded >= operations;
    }

    public void setMetadata(String jobId, String metadataJson) {
        jdbc.sql(SqlFiles.get("set-job-metadata"))
                .param("jobId", jobId)
                .param("metadata", metadataJson)
                .update();
    }

    /**
     * The job's final status and, when it has a webhook, its delivery in the outbox, in one transaction: a job is never
     * finished without the webhook it owes. On PostgreSQL the transaction also notifies the API processes' waiters
     * ({@link FinishedJobsListener}). Only a running job is finished; false when it was not (finished already).
     */
    @Transactional
    public boolean finish(String jobId, JobEnd end) {
        int finished = jdbc.sql(SqlFiles.get("finalize-job"))
                .param("jobId", jobId)
                .param("status", end.status().name())
                .param("errorMessage", end.errorMessage())
                .param("archiveKey", end.archiveKey())
                .update();
        if (finished > 0 && end.webhookReceiver() != null) {
            jdbc.sql(SqlFiles.get("insert-webhook-delivery"))
                    .param("jobId", jobId)
                    .param("receiver", end.webhookReceiver())
                    .update();
        }
        if (finished > 0) {
            notifyFinished(jobId);
        }
        return finished > 0;
    }

    /** Jobs left PENDING or PROCESSING that have not moved since {@code before}, oldest first. */
    public List<Job> stuck(Instant before, int limit) {
        return jdbc.sql(SqlFiles.get("find-stuck-jobs"))
                .param("before", utc(before))
                .param("limit", limit)
                .query(jobs)
                .list();
    }

    /** Exactly one sweep claims a stuck job. */
    public boolean claimStuck(String jobId, Instant before) {
        return jdbc.sql(SqlFiles.get("claim-stuck-job"))
                        .param("jobId", jobId)
                        .param("before", utc(before))
                        .update()
                == 1;
    }

    public void giveUp(String jobId, String errorMessage) {
        int failed = jdbc.sql(SqlFiles.get("give-up-job"))
                .param("jobId", jobId)
                .param("errorMessage", errorMessage)
                .update();
        if (failed > 0) {
            notifyFinished(jobId);
        }
    }

    /** On PostgreSQL, wakes the requests waiting for the job in every API process when the transaction commits. */
    private void notifyFinished(String jobId) {
        if (notifiesFinish) {
            jdbc.sql(SqlFiles.get("notify-job-finished"))
                    .param("jobId", jobId)
                    .query()
                    .listOfRows();
        }
    }

    /** Intakes that died between their job row and their 202. */
    public List<String> abandoned(Instant before) {
        return jdbc.sql(SqlFiles.get("find-abandoned-intakes"))
                .param("before", utc(before))
                .query(String.class)
                .list();
    }

    public List<String> expired(int limit) {
        return jdbc.sql(SqlFiles.get("find-expired-jobs"))
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** The job's row with its outputs and webhook rows. Deleting twice is harmless. */
    public void delete(String jobId) {
        jdbc.sql(SqlFiles.get("delete-job")).param("jobId", jobId).update();
    }

    private Instant movedSince() {
        return Instant.now().minus(markEvery);
    }

    private Job job(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getString("job_id"),
                rs.getString("owner"),
                JobStatus.valueOf(rs.getString("status")),
                read(rs.getString("operations")),
                rs.getString("operation_params"),
                rs.getString("webhook_url"),
                rs.getString("public_base"),
                rs.getString("source_key"),
                rs.getString("source_name"),
                rs.getString("source_format"),
                rs.getLong("source_bytes"),
                rs.getInt("source_width"),
                rs.getInt("source_height"),
                rs.getString("idempotency_key"),
                rs.getString("request_fingerprint"),
                rs.getString("metadata"),
                rs.getString("archive_key"),
                rs.getString("error_message"),
                rs.getInt("recovery_attempts"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "expires_at"));
    }

    private static JobOutput output(ResultSet rs, int row) throws SQLException {
        return new JobOutput(
                rs.getString("operation"),
                JobOutput.OutputStatus.valueOf(rs.getString("status")),
                rs.getString("object_key"),
                rs.getString("content_type"),
                rs.getObject("bytes", Long.class),
                rs.getObject("width", Integer.class),
                rs.getObject("height", Integer.class),
                rs.getString("error_message"),
                instant(rs, "finished_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Timestamps.instant(rs.getObject(column));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private List<String> read(String operations) {
        try {
            return json.readValue(operations, STRINGS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(List<String> operations) {
        try {
            return json.writeValueAsString(operations);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
