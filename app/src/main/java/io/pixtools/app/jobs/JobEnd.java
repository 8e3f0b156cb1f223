package io.pixtools.app.jobs;

/**
 * How a job ends: its final status, the message naming what failed (null when COMPLETED), its ZIP (null when nothing
 * succeeded) and the receiver its webhook goes to (null without a webhook).
 */
public record JobEnd(JobStatus status, String errorMessage, String archiveKey, String webhookReceiver) {}
