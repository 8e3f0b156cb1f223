package io.pixtools.app.bundle;

import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The files of a job's ZIP: every completed output, named as its download is ({@link JobOutput#fileName}).
 */
@Component("bundleEntries")
public class BundleEntries implements Processor {

    private final WorkFiles workFiles;

    public BundleEntries(WorkFiles workFiles) {
        this.workFiles = workFiles;
    }

    /**
     * The entries are downloaded into one directory that belongs to this (parent) exchange: the split's
     * sub-exchanges finish before the ZIP is written, so their own work files would be gone too early.
     */
    @Override
    public void process(Exchange exchange) {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        List<?> outputs = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        String stem = job == null ? "image" : job.sourceName();
        Path directory = workFiles.createDirectory(exchange, "bundle-");
        exchange.getIn()
                .setBody(entries(
                        stem,
                        outputs == null
                                ? List.of()
                                : outputs.stream().map(JobOutput.class::cast).toList(),
                        directory));
    }

    static List<BundleEntry> entries(String stem, List<JobOutput> outputs, Path directory) {
        return outputs.stream()
                .filter(JobOutput::completed)
                .map(output -> new BundleEntry(
                        output.objectKey(), output.fileName(stem), directory.resolve(output.fileName(stem))))
                .toList();
    }

    /** One file of the bundle: where it is stored, its name inside the ZIP, and where it is downloaded to. */
    public record BundleEntry(String objectKey, String entryName, Path file) {}
}
