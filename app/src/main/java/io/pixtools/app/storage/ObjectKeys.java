package io.pixtools.app.storage;

import io.pixtools.processors.options.Operation;

/** Object-store keys of a job: {@code jobs/{job_id}/original.{ext}}, {@code jobs/{job_id}/{operation}.{ext}}, {@code jobs/{job_id}/bundle.zip}. */
public final class ObjectKeys {

    private ObjectKeys() {}

    public static String prefix(String jobId) {
        return "jobs/" + jobId + "/";
    }

    public static String original(String jobId, String extension) {
        return prefix(jobId) + "original." + extension;
    }

    public static String output(String jobId, Operation operation, String extension) {
        return prefix(jobId) + operation.outputFileName(extension);
    }

    public static String archive(String jobId) {
        return prefix(jobId) + "bundle.zip";
    }
}
