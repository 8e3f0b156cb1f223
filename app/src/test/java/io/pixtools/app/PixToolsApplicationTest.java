package io.pixtools.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on the embedded default, on a random port, with its own data directory, metrics exported
 * as in production. Test classes that use it unchanged share one running application.
 */
@AutoConfigureObservability
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = PixToolsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pixtools.data-dir=target/test-data/${random.uuid}",
            "pixtools.jobs.prune-batch-size=2",
            "spring.security.user.password=" + PixToolsApplicationTest.MANAGEMENT_PASSWORD
        })
public @interface PixToolsApplicationTest {

    /** The management password of the test application (Hawtio, Jolokia), with user {@code admin}. */
    String MANAGEMENT_PASSWORD = "test-management-password";
}
