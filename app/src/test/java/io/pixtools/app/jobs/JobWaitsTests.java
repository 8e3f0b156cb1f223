package io.pixtools.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiters wake once: on a local finish, on a finish another process wrote to the database, or when time is up. */
class JobWaitsTests {

    /** The database's answer, as another process would have written it. */
    private static final class Database extends JobStore {
        final Set<String> finished = ConcurrentHashMap.newKeySet();

        Database() {
            super(null, null, Duration.ofMinutes(10));
        }

        @Override
        public Set<String> finishedAmong(Collection<String> jobIds) {
            return Set.copyOf(jobIds.stream().filter(finished::contains).toList());
        }
    }

    @Test
    void aLocalFinishWakesEveryWaiterOfThatJobOnce() {
        try (JobWaits waits = new JobWaits(new Database())) {
            AtomicInteger first = new AtomicInteger();
            AtomicInteger second = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            waits.await("a", Duration.ofSeconds(30), first::incrementAndGet);
            waits.await("a", Duration.ofSeconds(30), second::incrementAndGet);
            waits.await("b", Duration.ofSeconds(30), other::incrementAndGet);
            waits.finished("a");
            waits.finished("a");
            assertThat(first).hasValue(1);
            assertThat(second).hasValue(1);
            assertThat(other).hasValue(0);
            assertThat(waits.waiting()).isEqualTo(1);
        }
    }

    @Test
    void aFinishWrittenByAnotherProcessIsSeenByTheDatabaseCheck() {
        Database database = new Database();
        try (JobWaits waits = new JobWaits(database)) {
            AtomicInteger woken = new AtomicInteger();
            waits.await("elsewhere", Duration.ofSeconds(30), woken::incrementAndGet);
            database.finished.add("elsewhere");
            await().atMost(JobWaits.CHECK.multipliedBy(3)).untilAtomic(woken, org.hamcrest.Matchers.equalTo(1));
            assertThat(waits.waiting()).isZero();
        }
    }

    @Test
    void theWaitRunningOutWakesItOnceAndAFinishAfterwardsDoesNothing() {
        try (JobWaits waits = new JobWaits(new Database())) {
            AtomicInteger woken = new AtomicInteger();
            long start = System.nanoTime();
            waits.await("slow", Duration.ofMillis(300), woken::incrementAndGet);
            await().atMost(Duration.ofSeconds(5)).untilAtomic(woken, org.hamcrest.Matchers.equalTo(1));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            waits.finished("slow");
            assertThat(woken).hasValue(1);
            assertThat(waits.waiting()).isZero();
        }
    }
}
