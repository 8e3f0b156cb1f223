package io.pixtools.app.config;

import io.pixtools.app.bundle.JobAggregationRepository;
import io.pixtools.processors.WorkFiles;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.aggregate.zipfile.ZipAggregationStrategy;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/** The stateful pieces the routes name: idempotency keys, aggregator state, the ZIP builder. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Keys of requests being taken in right now. Completed keys live on in the jobs table for the retention. */
    @Bean
    IdempotentRepository intakeKeys() {
        return MemoryIdempotentRepository.memoryIdempotentRepository(100_000);
    }

    /** Aggregator state per job in the database: it survives a restart and is shared by every worker. */
    @Bean
    JdbcAggregationRepository aggregationRepository(DataSource dataSource, PlatformTransactionManager transactions) {
        JdbcAggregationRepository repository = new JobAggregationRepository(transactions, "aggregation", dataSource);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(10_000);
        return repository;
    }

    @Bean
    ZipAggregationStrategy zipBundle(WorkFiles workFiles, PixToolsProperties properties) {
        ZipAggregationStrategy zip = new ZipAggregationStrategy(true, true, true);
        zip.setParentDir(properties.workDirectory().toFile());
        zip.setFilePrefix("bundle-");
        return zip;
    }
}
