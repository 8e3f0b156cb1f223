package io.pixtools.app.jobs;

/** A job's life: ACCEPTING (the intake is still storing it, invisible), PENDING, PROCESSING, then COMPLETED or FAILED. */
public enum JobStatus {
    ACCEPTING,
    PENDING,
    PROCESSING,
    COMPLETED,
    FAILED;

    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
