package io.pixtools.app;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole application on the embedded default, on a random port, with its own data directory. Test classes that
 * use it unchanged share one running application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = PixToolsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pixtools.data-dir=target/test-data/${random.uuid}", "pixtools.jobs.prune-batch-size=2"})
public @interface PixToolsApplicationTest {
}
