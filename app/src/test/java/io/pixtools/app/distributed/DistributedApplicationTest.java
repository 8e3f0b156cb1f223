package io.pixtools.app.distributed;

import io.pixtools.app.PixToolsApplication;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application in the distributed profile on a random port, pointed at this machine's RabbitMQ, Redis and
 * PostgreSQL and an S3 server of its own: a fresh database and queues per test class, released after it. The
 * context is closed after its class too: the queue names are fixed, and a cached context's consumers would take
 * the next class's messages.
 */
@SpringBootTest(classes = PixToolsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("distributed")
@DirtiesContext
abstract class DistributedApplicationTest {

    static DistributedServices services;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = new DistributedServices();
        services.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void stopServices() throws Exception {
        services.close();
    }
}
