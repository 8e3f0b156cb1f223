package io.pixtools.app.jobs;

import java.time.Instant;

/**
 * What one operation of a job left: COMPLETED with its object and its size, or FAILED with a message safe to show.
 * {@code finishedAt} is set by the store.
 */
public record JobOutput(
        String operation,
        OutputStatus status,
        String objectKey,
        String contentType,
        Long bytes,
        Integer width,
        Integer height,
        String errorMessage,
        Instant finishedAt) {

    public enum OutputStatus {
        COMPLETED,
        FAILED
    }

    public static JobOutput completed(
            String operation, String objectKey, String contentType, long bytes, Integer width, Integer height) {
        return new JobOutput(
                operation, OutputStatus.COMPLETED, objectKey, contentType, bytes, width, height, null, null);
    }

    public static JobOutput failed(String operation, String errorMessage) {
        return new JobOutput(operation, OutputStatus.FAILED, null, null, null, null, null, errorMessage, null);
    }

    public boolean completed() {
        return status == OutputStatus.COMPLETED;
    }

    /**
     * The file name of this output for a download and inside the ZIP, from the uploaded file's name:
     * {@code holiday.webp}, {@code holiday-denoised.png}, {@code holiday-metadata.json}.
     */
    public String fileName(String stem) {
        String extension = objectKey.substring(objectKey.lastIndexOf('.') + 1);
        return switch (operation) {
            case "metadata" -> stem + "-metadata.json";
            case "denoise" -> stem + "-denoised." + extension;
            default -> stem + "." + extension;
        };
    }
}
