package io.pixtools.app.worker;

import io.pixtools.app.api.DependencyFailures;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code retryWhile} of the workers' and the bundle's error handling: the first {@code max-retries} attempts are
 * retried whatever failed; after that, only an outage of a dependency is, until {@code outage-patience} has passed
 * since the first failure. A task in flight when the database or the object store goes away then finishes once it is
 * back, instead of failing its job (or, when even the failure cannot be recorded, waiting for the recovery sweep).
 */
@Component
public class OutageRetries {

    static final String FIRST_FAILURE = "PixFirstFailureNanos";

    private final int maxRetries;
    private final long patienceNanos;

    @Autowired
    public OutageRetries(PixToolsProperties properties) {
        this(properties.workers().maxRetries(), properties.workers().outagePatience());
    }

    OutageRetries(int maxRetries, Duration outagePatience) {
        this.maxRetries = maxRetries;
        this.patienceNanos = outagePatience.toNanos();
    }

    public boolean retry(Exchange exchange) {
        long now = System.nanoTime();
        Long first = exchange.getProperty(FIRST_FAILURE, Long.class);
        if (first == null) {
            first = now;
            exchange.setProperty(FIRST_FAILURE, first);
        }
        int attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (attempt <= maxRetries) {
            return true;
        }
        // Camel sets the failure aside while it asks; it is then in EXCEPTION_CAUGHT.
        Throwable failure = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return failure != null
                && now - first < patienceNanos
                && DependencyFailures.classify(failure).isPresent();
    }
}
