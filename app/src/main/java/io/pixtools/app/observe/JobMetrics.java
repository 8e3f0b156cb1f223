package io.pixtools.app.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Product metrics, next to the per-route ones of camel-micrometer: jobs taken in and finished by status, operations
 * by status, how long operations take, and how big their outputs are per operation and format.
 */
@Component
public class JobMetrics {

    private final MeterRegistry meters;

    public JobMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void jobAccepted() {
        Counter.builder("pixtools.jobs.accepted")
                .description("Jobs taken in")
                .register(meters)
                .increment();
    }

    public void jobFinished(String status, Duration sinceSubmitted) {
        Counter.builder("pixtools.jobs.finished")
                .tag("status", lower(status))
                .description("Jobs finished, by final status")
                .register(meters)
                .increment();
        if (sinceSubmitted != null) {
            Timer.builder("pixtools.job.duration")
                    .tag("status", lower(status))
                    .description("Time from submission to the job's end")
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(sinceSubmitted);
        }
    }

    public void operationFinished(String operation, String status, Duration took) {
        Counter.builder("pixtools.operations")
                .tag("operation", operation)
                .tag("status", lower(status))
                .description("Operations finished, by operation and status")
                .register(meters)
                .increment();
        if (took != null) {
            Timer.builder("pixtools.operation.duration")
                    .tag("operation", operation)
                    .tag("status", lower(status))
                    .description("Time a worker spent on an operation")
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(took);
        }
    }

    /** The stored output's size, by operation and by file format (denoise can write any of them). */
    public void outputStored(String operation, String format, Long bytes) {
        if (bytes != null) {
            DistributionSummary.builder("pixtools.output.bytes")
                    .tag("operation", operation)
                    .tag("format", format)
                    .baseUnit("bytes")
                    .description("Size of operation outputs")
                    .register(meters)
                    .record(bytes);
        }
    }

    private static String lower(String value) {
        return value == null ? "unknown" : value.toLowerCase(Locale.ROOT);
    }
}
