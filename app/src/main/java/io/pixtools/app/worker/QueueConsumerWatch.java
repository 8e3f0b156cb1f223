package io.pixtools.app.worker;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.seda.SedaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Watches the polling threads of the in-JVM queues. A SEDA consumer runs a fixed number of polling loops and never
 * starts a new one when a loop dies (an {@link Error} escaping a step ends it); its queue then silently stops being
 * worked. Every few seconds this counts the live loops of each SEDA route; a route with fewer than it was given is
 * reported (the queue health check turns DOWN) and the missing loops are started again on the consumer's own thread
 * pool, as the consumer does when it starts. {@link ErrorGuard} keeps this from happening; this makes sure it cannot
 * go unnoticed. (A graceful route restart would wait in vain for the exchange whose thread died.)
 */
@Component
@ConditionalOnProperty(name = "pixtools.transport", havingValue = "seda", matchIfMissing = true)
public class QueueConsumerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumerWatch.class);
    private static final Field LIVE_LOOPS = field("taskCount");
    private static final Field THREAD_POOL = field("executor");

    private final CamelContext camel;
    private final MeterRegistry meters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pixtools-queue-watch");
        thread.setDaemon(true);
        return thread;
    });

    public QueueConsumerWatch(CamelContext camel, MeterRegistry meters) {
        this.camel = camel;
        this.meters = meters;
        timer.scheduleWithFixedDelay(this::replaceDeadConsumers, 5, 5, TimeUnit.SECONDS);
    }

    /** The SEDA routes that are started but run fewer polling loops than configured, as "route: live/configured". */
    public List<String> deadConsumers() {
        return camel.getRoutes().stream()
                .filter(this::meantToPoll)
                .filter(route -> liveLoops(route) < configuredLoops(route))
                .map(route -> route.getRouteId() + ": " + liveLoops(route) + "/" + configuredLoops(route)
                        + " polling threads alive")
                .toList();
    }

    void replaceDeadConsumers() {
        for (Route route : camel.getRoutes()) {
            if (meantToPoll(route) && liveLoops(route) < configuredLoops(route)) {
                int missing = configuredLoops(route) - liveLoops(route);
                LOG.error(
                        "Queue consumer {} has {} of {} polling threads alive; starting {} again",
                        route.getRouteId(),
                        liveLoops(route),
                        configuredLoops(route),
                        missing);
                meters.counter("pixtools.queue.consumer.restarts", "route", route.getRouteId())
                        .increment(missing);
                SedaConsumer consumer = (SedaConsumer) route.getConsumer();
                try {
                    ExecutorService pool = (ExecutorService) THREAD_POOL.get(consumer);
                    for (int i = 0; i < missing; i++) {
                        pool.execute(consumer);
                    }
                } catch (IllegalAccessException | RuntimeException e) {
                    LOG.error("Restarting the polling threads of {} failed", route.getRouteId(), e);
                }
            }
        }
    }

    /**
     * A SEDA route whose consumer should be polling: not while Camel shuts down (it is no longer started then), when the
     * consumers are stopped first and their loops end while the routes still count as started.
     */
    private boolean meantToPoll(Route route) {
        return route.getConsumer() instanceof SedaConsumer consumer
                && camel.isStarted()
                && consumer.isRunAllowed()
                && !consumer.isSuspendingOrSuspended()
                && camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted();
    }

    private static int configuredLoops(Route route) {
        return ((SedaConsumer) route.getConsumer()).getEndpoint().getConcurrentConsumers();
    }

    /** The polling loops of a SEDA route's consumer that are running now. */
    static int liveLoops(Route route) {
        try {
            return ((AtomicInteger) LIVE_LOOPS.get(route.getConsumer())).get();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the SEDA consumer's thread count", e);
        }
    }

    /** SedaConsumer keeps its loop count and thread pool in private fields; Camel offers no accessor for them. */
    private static Field field(String name) {
        try {
            Field field = SedaConsumer.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this Camel version's SedaConsumer has no field " + name, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
