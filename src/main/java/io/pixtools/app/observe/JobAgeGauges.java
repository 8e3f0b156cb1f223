package io.pixtools.app.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * How much work waits and for how long, from the job table: the number of unfinished jobs and the age of the oldest.
 * The age is the queue age an operator alerts on; it covers the broker queues and the work in the workers alike.
 * Read when scraped.
 */
@Component
class JobAgeGauges {

    private final JdbcTemplate jdbc;

    JobAgeGauges(DataSource dataSource, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(3);
        Gauge.builder("pixtools.jobs.unfinished", this, JobAgeGauges::unfinished)
                .description("jobs PENDING or PROCESSING").register(meters);
        Gauge.builder("pixtools.jobs.oldest.unfinished.age", this, JobAgeGauges::oldestAgeSeconds)
                .description("age of the oldest PENDING or PROCESSING job (0 when there is none)")
                .baseUnit("seconds").register(meters);
    }

    private double unfinished() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING', 'PROCESSING')", Long.class);
        return count == null ? 0 : count;
    }

    private double oldestAgeSeconds() {
        Timestamp oldest = jdbc.queryForObject(
                "SELECT MIN(created_at) FROM jobs WHERE status IN ('PENDING', 'PROCESSING')", Timestamp.class);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), Instant.now()).toMillis() / 1000.0);
    }
}
