package io.pixtools.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookScheduleTests {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final List<Duration> SVIX = List.of(
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            Duration.ofHours(2),
            Duration.ofHours(5),
            Duration.ofHours(10),
            Duration.ofHours(10));

    @Test
    void followsTheStandardWebhooksScheduleForAboutADayThenStops() {
        WebhookSchedule schedule = new WebhookSchedule(SVIX, 0, Duration.ofHours(6), new Random(1));
        Duration total = Duration.ZERO;
        for (int failed = 1; failed < SVIX.size(); failed++) {
            Instant next = schedule.next(failed, NOW, Optional.empty()).orElseThrow();
            assertThat(Duration.between(NOW, next)).isEqualTo(SVIX.get(failed));
            total = total.plus(SVIX.get(failed));
        }
        assertThat(total).isEqualTo(Duration.ofHours(27).plusMinutes(35).plusSeconds(5));
        assertThat(schedule.next(SVIX.size(), NOW, Optional.empty()))
                .as("the schedule is used up")
                .isEmpty();
    }

    @Test
    void jitterSpreadsEachWaitWithinItsBounds() {
        WebhookSchedule schedule = new WebhookSchedule(SVIX, 0.2, Duration.ofHours(6), new Random(7));
        List<Duration> waits = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> Duration.between(
                        NOW, schedule.next(2, NOW, Optional.empty()).orElseThrow()))
                .toList();
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6)));
        assertThat(waits.stream().distinct().count()).as("not all the same").isGreaterThan(100);
    }

    @ParameterizedTest(name = "Retry-After {0} -> wait {1} s")
    @CsvSource({
        "120, 120",
        "0, 1",
        "999999, 21600",
        "'Sun, 29 Nov 2026 12:01:30 GMT', 90",
        "'Sun, 29 Nov 2026 11:00:00 GMT', 1"
    })
    void theReceiversRetryAfterReplacesTheWaitWithinBounds(String header, long seconds) {
        WebhookSchedule schedule = new WebhookSchedule(SVIX, 0.2, Duration.ofHours(6), new Random(1));
        Instant next =
                schedule.next(1, NOW, WebhookSchedule.retryAfter(header, NOW)).orElseThrow();
        assertThat(Duration.between(NOW, next)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(WebhookSchedule.retryAfter("soon", NOW)).isEmpty();
        assertThat(WebhookSchedule.retryAfter(null, NOW)).isEmpty();
        assertThat(WebhookSchedule.retryAfter("-5", NOW)).isEmpty();
    }
}
