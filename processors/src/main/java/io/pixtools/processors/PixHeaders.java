package io.pixtools.processors;

/**
 * Names of the message headers and exchange properties that PixTools routes share. Route YAML uses the same
 * literals; a convention test checks that every {@code Pix*} name in {@code routes/} is declared here.
 */
public final class PixHeaders {

    /** Header: the job id, on every message of a job. */
    public static final String JOB_ID = "PixJobId";
    /** Header: the operation a message is about ({@code webp}, {@code metadata}). */
    public static final String OPERATION = "PixOperation";
    /** Header: how many operations the job has; the aggregator completes when it has seen them all. */
    public static final String OPERATION_COUNT = "PixOperationCount";
    /** Header: outcome of one operation, {@code COMPLETED} or {@code FAILED}. */
    public static final String OPERATION_STATUS = "PixOperationStatus";
    /** Header: why an operation failed, safe to show to the client. */
    public static final String ERROR_MESSAGE = "PixErrorMessage";
    /**
     * Header: who is calling, as the access filter established it (an API key's id, or {@code signed-link}); a
     * client's own header of this name is dropped first.
     */
    public static final String CALLER = "PixCaller";
    /** Header: the validated Idempotency-Key of a request, when it has one. */
    public static final String IDEMPOTENCY_KEY = "PixIdempotencyKey";
    /** Header: SHA-256 over the upload and the canonical request, to compare repeats of an Idempotency-Key. */
    public static final String FINGERPRINT = "PixFingerprint";
    /** Header: the job row found for an Idempotency-Key, if any. */
    public static final String PREVIOUS_JOB = "PixPreviousJob";
    /** Header: content type of an operation's output file. */
    public static final String OUTPUT_CONTENT_TYPE = "PixOutputContentType";
    /** Header: file extension of an operation's output ({@code webp}; a denoised image has its chosen format's). */
    public static final String OUTPUT_EXTENSION = "PixOutputExtension";
    /** Header: size in bytes of an operation's output file. */
    public static final String OUTPUT_BYTES = "PixOutputBytes";
    /** Header: pixel width of an image output. */
    public static final String OUTPUT_WIDTH = "PixOutputWidth";
    /** Header: pixel height of an image output. */
    public static final String OUTPUT_HEIGHT = "PixOutputHeight";
    /** Header: object-store key of an operation's output file. */
    public static final String OUTPUT_KEY = "PixOutputKey";
    /** Header: the metadata operation's result as JSON, for the job record. */
    public static final String METADATA_JSON = "PixMetadataJson";
    /** Header: a job's final status, {@code COMPLETED} or {@code FAILED}. */
    public static final String JOB_STATUS = "PixJobStatus";
    /** Header: object-store key of a job's ZIP bundle. */
    public static final String ARCHIVE_KEY = "PixArchiveKey";
    /** Header: outcome of one webhook attempt, {@code DELIVERED} or {@code FAILED}; as a property, that it was recorded. */
    public static final String WEBHOOK_OUTCOME = "PixWebhookOutcome";
    /** Header: HTTP status a webhook receiver answered, if it answered. */
    public static final String WEBHOOK_HTTP_STATUS = "PixWebhookHttpStatus";
    /** Header: how long one webhook attempt took, in milliseconds. */
    public static final String WEBHOOK_DURATION_MS = "PixWebhookDurationMs";
    /** Header: a webhook delivery's state after an attempt: {@code PENDING}, {@code DELIVERED} or {@code FAILED}. */
    public static final String WEBHOOK_STATE = "PixWebhookState";
    /** Header: when the next attempt of a pending webhook delivery is planned. */
    public static final String WEBHOOK_NEXT_ATTEMPT = "PixWebhookNextAttempt";
    /** Header: true when a receiver's circuit breaker opened, so that its due deliveries are postponed. */
    public static final String WEBHOOK_POSTPONE = "PixWebhookPostpone";
    /** Header: the webhook attempts of a job, read for an API response. */
    public static final String WEBHOOK_ATTEMPTS = "PixWebhookAttempts";
    /** Header: the webhook delivery row of a job, read for an API response. */
    public static final String WEBHOOK_DELIVERY = "PixWebhookDelivery";
    /** Header: the receiver of a webhook (host and port): its circuit breaker and concurrency are its own. */
    public static final String WEBHOOK_RECEIVER = "PixWebhookReceiver";
    /** Header: attempts made so far for a webhook delivery. */
    public static final String WEBHOOK_ATTEMPT = "PixWebhookAttempt";
    /** Header: how many due webhook deliveries the dispatcher reads per round. */
    public static final String WEBHOOK_BATCH = "PixWebhookBatch";
    /** Header: how many due deliveries per receiver the dispatcher reads per round. */
    public static final String WEBHOOK_PER_RECEIVER = "PixWebhookPerReceiver";
    /** Property: when the current webhook attempt started, in nanoseconds. */
    public static final String WEBHOOK_STARTED = "PixWebhookStarted";
    /** Header: who asks for a lease (the pruner's, or a webhook delivery's claim). */
    public static final String LEASE_HOLDER = "PixLeaseHolder";
    /** Header: until when the lease is asked for. */
    public static final String LEASE_UNTIL = "PixLeaseUntil";
    /** Header: how many expired jobs the pruner takes per batch. */
    public static final String PRUNE_BATCH = "PixPruneBatch";
    /** Property: the pruner's running count of removed jobs and objects, shared by its split sub-exchanges. */
    public static final String PRUNE_TALLY = "PixPruneTally";
    /** Property: true while the last batch of expired jobs was full, so another may follow. */
    public static final String PRUNE_MORE = "PixPruneMore";
    /** Header: jobs not updated since this time are stuck. */
    public static final String STUCK_BEFORE = "PixStuckBefore";
    /** Header: ACCEPTING job rows older than this are intakes that died half-way. */
    public static final String ABANDONED_BEFORE = "PixAbandonedBefore";
    /** Property: true for the sweep at start-up that resumes every unfinished job at once. */
    public static final String RECOVER_ALL = "PixRecoverAll";
    /** Property: true while the last batch of stuck jobs was full, so another may follow. */
    public static final String RECOVER_MORE = "PixRecoverMore";
    /** Header: how many stuck jobs the recovery sweep takes per batch. */
    public static final String RECOVER_BATCH = "PixRecoverBatch";
    /** Property: operation tasks waiting in the worker queues when the recovery sweep started. */
    public static final String WAITING_TASKS = "PixWaitingTasks";
    /** Property: the stuck job the recovery sweep is looking at. */
    public static final String STUCK_JOB = "PixStuckJob";
    /** Property: what the recovery sweep decided for a claimed job: {@code resume} or {@code give-up}. */
    public static final String RECOVERY = "PixRecovery";
    /** Header: the job row read for an API response. */
    public static final String JOB_ROW = "PixJobRow";
    /** Header: the output rows of a job, read for an API response or the bundle. */
    public static final String OUTPUT_ROWS = "PixOutputRows";

    /** Property: the validated {@code JobRequest} of an upload. */
    public static final String REQUEST = "PixRequest";
    /** Property: the {@code ImageInfo} of an upload, read from its header. */
    public static final String IMAGE_INFO = "PixImageInfo";
    /** Property: the uploaded file on local disk. */
    public static final String UPLOAD_FILE = "PixUploadFile";
    /** Property: the token with which this request holds its Idempotency-Key's reservation; only it can free it. */
    public static final String KEY_RESERVATION = "PixKeyReservation";
    /** Property: the job id this intake has written a row (and maybe an original) for; a failed intake removes them. */
    public static final String INTAKE_JOB = "PixIntakeJob";
    /** Property: the operation tasks of a job being taken in, dispatched once the job is accepted. */
    public static final String TASKS = "PixTasks";
    /** Property: the task a worker is running. */
    public static final String TASK = "PixTask";
    /** Property: the bundle entry a split sub-exchange is fetching. */
    public static final String BUNDLE_ENTRY = "PixBundleEntry";
    /** Property: when a worker started its task, in nanoseconds. */
    public static final String TASK_STARTED = "PixTaskStarted";
    /** Property: the original, downloaded to local disk for a worker. */
    public static final String SOURCE_FILE = "PixSourceFile";

    private PixHeaders() {
    }
}
