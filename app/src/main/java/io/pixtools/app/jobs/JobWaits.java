package io.pixtools.app.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Requests waiting for a job to finish ({@code GET /api/jobs/{id}?wait=N}). A job finished in this process wakes its
 * waiters at once, and so does one finished by another process when PostgreSQL tells ({@link FinishedJobsListener});
 * whatever was missed is seen by a check of the database every {@link #CHECK} for all waited jobs together. A waiter
 * whose time is up is woken too. No thread waits: a waiter is a callback.
 */
@Component("jobWaits")
public class JobWaits implements AutoCloseable {

    static final Duration CHECK = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(JobWaits.class);

    private final JobStore jobs;
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pixtools-job-waits").daemon().factory());

    @Autowired
    public JobWaits(JobStore jobs) {
        this(jobs, CHECK);
    }

    /** Checking the database every {@code check} instead. */
    public JobWaits(JobStore jobs, Duration check) {
        this.jobs = jobs;
        timer.scheduleWithFixedDelay(this::checkDatabase, check.toMillis(), check.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Calls {@code wake} once: when the job finishes, or after {@code atMost}, whichever comes first. */
    public void await(String jobId, Duration atMost, Runnable wake) {
        Waiter waiter = new Waiter(jobId, wake);
        waiting.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(waiter);
        waiter.timeout = timer.schedule(waiter::wake, atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The job finished here: its waiters answer now. */
    public void finished(String jobId) {
        List<Waiter> woken = waiting.remove(jobId);
        if (woken != null) {
            woken.forEach(Waiter::wake);
        }
    }

    int waiting() {
        return waiting.values().stream().mapToInt(List::size).sum();
    }

    private void checkDatabase() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            Set<String> done = jobs.finishedAmong(Set.copyOf(waiting.keySet()));
            done.forEach(this::finished);
        } catch (RuntimeException e) {
            // The waiters still answer when their time is up, with the job as the database then has it.
            log.debug("cannot check the database for finished jobs", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        waiting.keySet().forEach(this::finished);
    }

    private final class Waiter {
        private final String jobId;
        private final Runnable wake;
        private final AtomicBoolean woken = new AtomicBoolean();
        private volatile ScheduledFuture<?> timeout;

        Waiter(String jobId, Runnable wake) {
            this.jobId = jobId;
            this.wake = wake;
        }

        void wake() {
            if (!woken.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> pending = timeout;
            if (pending != null) {
                pending.cancel(false);
            }
            waiting.computeIfPresent(jobId, (id, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
            try {
                wake.run();
            } catch (RuntimeException e) {
                log.warn("a request waiting for job {} failed to answer", jobId, e);
            }
        }
    }
}
