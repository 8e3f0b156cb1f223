package io.pixtools.app.config;

import io.pixtools.app.bundle.JobAggregationRepository;
import io.pixtools.processors.WorkFiles;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.processor.aggregate.zipfile.ZipAggregationStrategy;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.component.redis.processor.idempotent.SpringRedisStringIdempotentRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/** The stateful pieces the routes name: idempotency keys, aggregator state, the ZIP builder. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Keys of requests being taken in right now, in this process. Completed keys live on in the jobs table. */
    @Bean
    @ConditionalOnProperty(name = "pixtools.idempotency.store", havingValue = "memory", matchIfMissing = true)
    IdempotentRepository intakeKeys() {
        return MemoryIdempotentRepository.memoryIdempotentRepository(100_000);
    }

    /**
     * Keys in Redis, shared by every API replica: SET NX with a time-to-live of the retention period, so that two
     * replicas taking in the same key at once still make one job. The jobs table's unique key is the last guard.
     */
    @Bean("intakeKeys")
    @ConditionalOnProperty(name = "pixtools.idempotency.store", havingValue = "redis")
    IdempotentRepository redisIntakeKeys(StringRedisTemplate redis, PixToolsProperties properties) {
        SpringRedisStringIdempotentRepository repository = new SpringRedisStringIdempotentRepository(redis, "pixtools:idempotency");
        repository.setExpiry(properties.jobs().retention().toSeconds());
        return repository;
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
