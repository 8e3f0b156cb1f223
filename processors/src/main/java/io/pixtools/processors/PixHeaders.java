package io.pixtools.processors;

/**
 * Names of the message headers and exchange properties that PixTools routes share. Route YAML uses the same
 * literals; a convention test checks that every {@code Pix*} name in {@code routes/} is declared here.
 */
public final class PixHeaders {

    /** What every name below starts with: a client's header or query parameter that does is not PixTools' own. */
    public static final String PREFIX = "Pix";

    /** Header: the job id, on every message of a job. */
    public static final String JOB_ID = "PixJobId";
    /** Header: the operation a message is about ({@code webp}, {@code metadata}). */
    public static final String OPERATION = "PixOperation";
    /** Header: how many operations the job has; the aggregator completes when it has seen them all. */
    public static final String OPERATION_COUNT = "PixOperationCount";
    /** Header: outcome of one operation, {@code COMPLETED} or {@code FAILED}. */
    public static final String OPERATION_STATUS = "PixOperationStatus";
    /**
     * Header: who is calling, as the access filter established it (an API key's id, or {@code signed-link}); a
     * client's own header of this name is dropped first.
     */
    public static final String CALLER = "PixCaller";
    /** Property: the operation's output (a JobOutput) to record on the job. */
    public static final String OUTPUT = "PixOutput";
    /** Property: whether a guarded write to the job store happened (false: the job is gone or no longer running). */
    public static final String WRITTEN = "PixWritten";
    /** Property: the job (a Job record) a route works on. */
    public static final String JOB = "PixJob";
    /** Property: how the job ends (a JobEnd), decided when its results are all in. */
    public static final String JOB_END = "PixJobEnd";
    /** Property: the webhook delivery an attempt is for (a WebhookOutbox.Due). */
    public static final String WEBHOOK_DUE = "PixWebhookDue";
    /** Property: what a webhook attempt came to (a WebhookOutbox.Result). */
    public static final String WEBHOOK_RESULT = "PixWebhookResult";
    /** Property: the job's outputs (JobOutput records). */
    public static final String OUTPUTS = "PixOutputs";
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
    /** Header: the metadata operation's result as JSON, for the job record. */
    public static final String METADATA_JSON = "PixMetadataJson";
    /** Property: object-store key of a job's ZIP bundle, once it is stored. */
    public static final String ARCHIVE_KEY = "PixArchiveKey";
    /** Header: outcome of one webhook attempt, {@code DELIVERED} or {@code FAILED}; as a property, that it was recorded. */
    public static final String WEBHOOK_OUTCOME = "PixWebhookOutcome";
    /** Property: when the current webhook attempt started, in nanoseconds. */
    public static final String WEBHOOK_STARTED = "PixWebhookStarted";
    /** Property: the pruner's running count of removed jobs and objects, shared by its split sub-exchanges. */
    public static final String PRUNE_TALLY = "PixPruneTally";
    /** Property: true while the last batch of expired jobs was full, so another may follow. */
    public static final String PRUNE_MORE = "PixPruneMore";
    /** Property: jobs not updated since this time (an Instant) are stuck. */
    public static final String STUCK_BEFORE = "PixStuckBefore";
    /** Property: ACCEPTING job rows older than this (an Instant) are intakes that died half-way. */
    public static final String ABANDONED_BEFORE = "PixAbandonedBefore";
    /** Property: true for the sweep at start-up that resumes every unfinished job at once. */
    public static final String RECOVER_ALL = "PixRecoverAll";
    /** Property: true while the last batch of stuck jobs was full, so another may follow. */
    public static final String RECOVER_MORE = "PixRecoverMore";
    /** Property: operation tasks waiting in the worker queues when the recovery sweep started. */
    public static final String WAITING_TASKS = "PixWaitingTasks";
    /** Property: what the recovery sweep decided for a claimed job: {@code resume} or {@code give-up}. */
    public static final String RECOVERY = "PixRecovery";

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
    /** Property: the tasks of the message a worker is running (one job's operations for that worker). */
    public static final String MESSAGE_TASKS = "PixMessageTasks";
    /** Property: the outputs of the message's operations so far, recorded together (MessageOutputs). */
    public static final String MESSAGE_OUTPUTS = "PixMessageOutputs";
    /** Property: the task (one operation) a worker is running. */
    public static final String TASK = "PixTask";
    /** Property: the bundle entry a split sub-exchange is fetching. */
    public static final String BUNDLE_ENTRY = "PixBundleEntry";
    /** Property: what a download asks for, in words for its error replies ({@code result 'webp'}, {@code archive}). */
    public static final String DOWNLOAD = "PixDownload";
    /** Property: when a worker started its task, in nanoseconds. */
    public static final String TASK_STARTED = "PixTaskStarted";
    /** Property: the original, downloaded to local disk for a worker. */
    public static final String SOURCE_FILE = "PixSourceFile";
    /** Property: the original decoded once for the message's conversions that start from it unresized (DecodeOnce). */
    public static final String DECODED_SOURCE = "PixDecodedSource";

    private PixHeaders() {}
}
