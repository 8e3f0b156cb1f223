package io.pixtools.app.intake;

import io.pixtools.app.jobs.DatabaseKind;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * After {@code accept-job.sql}: the row must have moved from ACCEPTING to PENDING, and the commit must be on disk
 * before a 202 promises the job. PostgreSQL's commit is synced by default; H2 writes its file at commit
 * ({@code WRITE_DELAY=0}, which survives a killed process) and {@code CHECKPOINT SYNC} forces it to the device (which
 * survives a power cut as well).
 */
@Component("acceptedJob")
public class AcceptedJob implements Processor {

    private final JdbcTemplate jdbc;
    private final boolean h2;

    public AcceptedJob(DataSource dataSource, DataSourceProperties database) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.h2 = DatabaseKind.of(database) == DatabaseKind.H2;
    }

    @Override
    public void process(Exchange exchange) {
        if (h2) {
            jdbc.execute("CHECKPOINT SYNC");
        }
    }
}
