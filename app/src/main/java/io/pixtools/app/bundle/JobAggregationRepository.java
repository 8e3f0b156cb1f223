package io.pixtools.app.bundle;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Camel's JDBC aggregation repository, minus one false alarm: a job with a single operation completes on its first
 * result and is never stored, yet Camel still confirms it and logs an ERROR when no row is deleted.
 * <p>
 * The same class serves H2 and PostgreSQL. A concurrent first insert fails on the primary key, which the repository
 * maps to an optimistic-locking retry. (Camel 4.17's PostgresAggregationRepository is not used: its insert leaves
 * out the version column, so every insert fails and the aggregator retries for ever.)
 */
public class JobAggregationRepository extends JdbcAggregationRepository {

    public JobAggregationRepository(PlatformTransactionManager transactions, String name, DataSource dataSource) {
        super(transactions, name, dataSource);
    }

    @Override
    public boolean confirmWithResult(CamelContext camelContext, String exchangeId) {
        return Boolean.TRUE.equals(transactionTemplate.execute(status ->
                jdbcTemplate.update("DELETE FROM " + getRepositoryNameCompleted() + " WHERE id = ?", exchangeId) == 1));
    }
}
