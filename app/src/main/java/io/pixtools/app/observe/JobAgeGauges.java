package io.pixtools.app.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How much work waits and for how long, from the job table: the number of unfinished jobs and the age of the oldest.
 * The age is the queue age an operator alerts on; it covers the broker queues and the work in the workers alike.
 * A background thread reads both every few seconds, so a scrape never waits for the database; when the database
 * cannot be read, the gauges show no value rather than an old one.
 */
@Component
class JobAgeGauges {

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(JobAgeGauges.class);

    private record Reading(long unfinished, Instant oldest, Instant readAt) {}

    private final JdbcTemplate jdbc;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pixtools-job-age").daemon().factory());
    private volatile Reading reading;

    JobAgeGauges(DataSource dataSource, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(3);
        Gauge.builder("pixtools.jobs.unfinished", this, JobAgeGauges::unfinished)
                .description("jobs PENDING or PROCESSING")
                .register(meters);
        Gauge.builder("pixtools.jobs.oldest.unfinished.age", this, JobAgeGauges::oldestAgeSeconds)
                .description("age of the oldest PENDING or PROCESSING job (0 when there is none)")
                .baseUnit("seconds")
                .register(meters);
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            reading = jdbc.queryForObject(
                    "SELECT COUNT(*), MIN(created_at) FROM jobs WHERE status IN ('PENDING', 'PROCESSING')",
                    (row, n) -> {
                        Timestamp oldest = row.getTimestamp(2);
                        return new Reading(row.getLong(1), oldest == null ? null : oldest.toInstant(), Instant.now());
                    });
        } catch (RuntimeException e) {
            log.debug("cannot read the job table for the job-age gauges", e);
        }
    }

    private Reading current() {
        Reading last = reading;
        return last != null && last.readAt().isAfter(Instant.now().minus(STALE_AFTER)) ? last : null;
    }

    private double unfinished() {
        Reading last = current();
        return last == null ? Double.NaN : last.unfinished();
    }

    private double oldestAgeSeconds() {
        Reading last = current();
        if (last == null) {
            return Double.NaN;
        }
        return last.oldest() == null
                ? 0
                : Math.max(0, Duration.between(last.oldest(), Instant.now()).toMillis() / 1000.0);
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
