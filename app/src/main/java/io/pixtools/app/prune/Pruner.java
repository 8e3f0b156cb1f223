package io.pixtools.app.prune;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.app.jobs.SqlFiles;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.storage.ObjectKeys;
import io.pixtools.processors.PixHeaders;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The steps of one pruning run, called by the prune route: take the lease, then per batch of expired jobs delete
 * every object under {@code jobs/{job_id}/} and then the job's rows. Deleting twice is harmless, so a run that dies
 * half-way is simply finished by the next one.
 */
@Component("pruner")
public class Pruner {

    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    /** Longer than any run; a pruner that dies holds the lease no longer than this. */
    private static final Duration LEASE = Duration.ofMinutes(15);

    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final int batchSize;
    private final Counter prunedJobs;
    private final Counter prunedObjects;

    private final JobStore jobs;
    private final JdbcClient jdbc;

    public Pruner(PixToolsProperties properties, MeterRegistry meters, JobStore jobs, JdbcClient jdbc) {
        this.jobs = jobs;
        this.jdbc = jdbc;
        this.batchSize = properties.jobs().pruneBatchSize();
        this.prunedJobs = Counter.builder("pixtools.prune.jobs")
                .description("Expired jobs removed")
                .register(meters);
        this.prunedObjects = Counter.builder("pixtools.prune.objects")
                .description("Objects of expired jobs removed")
                .register(meters);
    }

    public void start(Exchange exchange) {
        exchange.setProperty(PixHeaders.PRUNE_TALLY, new Tally());
        exchange.setProperty(PixHeaders.PRUNE_MORE, true);
    }

    /** One pruner at a time across every process that shares the database: false when another holds the lease. */
    public boolean takeLease() {
        return jdbc.sql(SqlFiles.get("take-prune-lease"))
                        .param("holder", holder)
                        .param("until", OffsetDateTime.now(ZoneOffset.UTC).plus(LEASE))
                        .update()
                == 1;
    }

    public void releaseLease() {
        jdbc.sql(SqlFiles.get("release-prune-lease")).param("holder", holder).update();
    }

    /** The next batch of expired jobs; a full batch means there may be more. */
    public List<String> batch(Exchange exchange) {
        exchange.getProperty(PixHeaders.PRUNE_TALLY, Tally.class).leased = true;
        List<String> expired = jobs.expired(batchSize);
        exchange.setProperty(PixHeaders.PRUNE_MORE, expired.size() >= batchSize);
        return expired;
    }

    /** Points the object store at the objects of the job to delete. */
    public void prefix(Exchange exchange) {
        exchange.getIn()
                .setHeader(
                        AWS2S3Constants.PREFIX,
                        ObjectKeys.prefix(exchange.getIn().getHeader(PixHeaders.JOB_ID, String.class)));
    }

    public void object(Exchange exchange) {
        exchange.getIn()
                .setHeader(
                        AWS2S3Constants.KEY,
                        exchange.getIn().getBody(S3Object.class).key());
        Tally tally = exchange.getProperty(PixHeaders.PRUNE_TALLY, Tally.class);
        if (tally != null) {
            tally.objects.incrementAndGet();
        }
        prunedObjects.increment();
    }

    public void jobDone(Exchange exchange) {
        exchange.getProperty(PixHeaders.PRUNE_TALLY, Tally.class).jobs.incrementAndGet();
        prunedJobs.increment();
    }

    public void finish(Exchange exchange) {
        Tally tally = exchange.getProperty(PixHeaders.PRUNE_TALLY, Tally.class);
        if (tally.leased) {
            LOG.info("Pruned {} expired jobs and {} objects", tally.jobs.get(), tally.objects.get());
            exchange.getIn().setBody(Map.of("jobs", tally.jobs.get(), "objects", tally.objects.get()));
        } else {
            LOG.info("Another process holds the pruning lease; skipping this run");
            exchange.getIn().setBody(Map.of("jobs", 0, "objects", 0, "skipped", true));
        }
    }

    /** Counts of one run, shared by reference with the split sub-exchanges. */
    static final class Tally {
        volatile boolean leased;
        final AtomicInteger jobs = new AtomicInteger();
        final AtomicInteger objects = new AtomicInteger();
    }
}
