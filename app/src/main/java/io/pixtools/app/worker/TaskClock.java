package io.pixtools.app.worker;

import io.pixtools.processors.PixHeaders;
import java.time.Duration;
import org.apache.camel.Exchange;

/** How long the worker has spent on the task of this exchange, or null when the task was never read. */
final class TaskClock {

    private TaskClock() {}

    static Duration elapsed(Exchange exchange) {
        Long started = exchange.getProperty(PixHeaders.TASK_STARTED, Long.class);
        return started == null ? null : Duration.ofNanos(System.nanoTime() - started);
    }
}
