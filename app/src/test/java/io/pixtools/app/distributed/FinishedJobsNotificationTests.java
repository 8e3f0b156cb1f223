package io.pixtools.app.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.jobs.FinishedJobsListener;
import io.pixtools.app.jobs.JobEnd;
import io.pixtools.app.jobs.JobStatus;
import io.pixtools.app.jobs.JobStore;
import io.pixtools.app.jobs.JobWaits;
import io.pixtools.app.jobs.TestJobs;
import io.pixtools.app.settings.PixToolsProperties;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A job finished by another process (here: this test, through the real JobStore on PostgreSQL) wakes the requests that
 * wait for it through PostgreSQL's notification, not through the check of the database: the waits under test check
 * the database once an hour, so only the notification can wake them in time.
 */
class FinishedJobsNotificationTests extends DistributedApplicationTest {

    private static final Duration NO_CHECK = Duration.ofHours(1);

    @Autowired
    JobStore jobs;

    @Autowired
    DataSourceProperties database;

    @Autowired
    PixToolsProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    private JobWaits waits;
    private FinishedJobsListener listener;

    @BeforeEach
    void listen() throws InterruptedException {
        waits = new JobWaits(jobs, NO_CHECK);
        listener = new FinishedJobsListener(waits, database, properties);
        listener.start();
        awaitConnections(1);
    }

    @AfterEach
    void stop() {
        listener.stop();
        waits.close();
    }

    @Test
    void aFinishCommittedElsewhereWakesItsWaitersAtOnce() throws InterruptedException {
        String job = runningJob();
        CountDownLatch woken = new CountDownLatch(1);
        waits.await(job, Duration.ofMinutes(1), woken::countDown);

        long start = System.nanoTime();
        assertThat(jobs.finish(job, completed())).isTrue();

        assertThat(woken.await(5, TimeUnit.SECONDS))
                .as("woken by the notification")
                .isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFinishThatChangesNothingNotifiesNobody() throws InterruptedException {
        String job = runningJob();
        assertThat(jobs.finish(job, completed())).isTrue();
        Thread.sleep(1000); // its notification, delivered before anyone waits
        String other = runningJob();
        CountDownLatch woken = new CountDownLatch(2);
        waits.await(job, Duration.ofMinutes(1), woken::countDown);
        waits.await(other, Duration.ofMinutes(1), woken::countDown);

        assertThat(jobs.finish(job, completed())).as("finished already").isFalse();

        assertThat(woken.await(2, TimeUnit.SECONDS)).isFalse();
        assertThat(woken.getCount()).isEqualTo(2);
    }

    @Test
    void theListenerConnectsAgainWhenItsConnectionIsCut() throws InterruptedException {
        Integer cut = jdbc.queryForObject(
                "SELECT COUNT(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                        + " WHERE application_name = 'pixtools-finished-jobs' AND datname = current_database()",
                Integer.class);
        assertThat(cut).as("the application's listener and this test's").isEqualTo(2);
        awaitConnections(2);

        String job = runningJob();
        CountDownLatch woken = new CountDownLatch(1);
        waits.await(job, Duration.ofMinutes(1), woken::countDown);
        assertThat(jobs.finish(job, completed())).isTrue();
        assertThat(woken.await(5, TimeUnit.SECONDS))
                .as("woken after the reconnection")
                .isTrue();
    }

    @Test
    void aJobGivenUpByTheRecoveryWakesItsWaitersToo() throws InterruptedException {
        String job = runningJob();
        CountDownLatch woken = new CountDownLatch(1);
        waits.await(job, Duration.ofMinutes(1), woken::countDown);

        jobs.giveUp(job, "stuck");

        assertThat(woken.await(5, TimeUnit.SECONDS))
                .as("woken by the notification")
                .isTrue();
    }

    private String runningJob() {
        String id = UUID.randomUUID().toString();
        jobs.insert(TestJobs.job(id, JobStatus.PENDING, List.of("jpg"), null));
        jobs.accept(id);
        return id;
    }

    private static JobEnd completed() {
        return new JobEnd(JobStatus.COMPLETED, null, null, null);
    }

    /** Until this test's listener has run LISTEN that many times. */
    private void awaitConnections(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (listener.connections() < count) {
            assertThat(System.nanoTime()).as("%d connections", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
