package io.pixtools.app.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a webhook is tried again. The schedule is the Standard Webhooks / Svix one by default: at once, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (about 27 hours in all), each wait spread by a random jitter so that many
 * deliveries to one receiver that came back do not arrive at once. A receiver's {@code Retry-After} is honoured within
 * bounds; {@code 410 Gone} stops the deliveries.
 */
public final class WebhookSchedule {

    private final List<Duration> delays;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    /** {@code delays.get(n)} is the wait before attempt n+1 (the first is usually zero). */
    public WebhookSchedule(List<Duration> delays, double jitter, Duration maxRetryAfter, RandomGenerator random) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one attempt");
        }
        this.delays = List.copyOf(delays);
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    public int attempts() {
        return delays.size();
    }

    /**
     * When to try again after {@code attemptsMade} attempts have failed, or empty when the schedule is used up.
     * {@code retryAfter} (the receiver's header, if any) replaces the planned wait, bounded by one second and
     * {@code max-retry-after}.
     */
    public Optional<Instant> next(int attemptsMade, Instant now, Optional<Duration> retryAfter) {
        if (attemptsMade >= delays.size()) {
            return Optional.empty();
        }
        Duration wait = retryAfter
                .map(asked -> asked.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : asked)
                .map(asked -> asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked)
                .orElseGet(() -> spread(delays.get(attemptsMade)));
        return Optional.of(now.plus(wait));
    }

    private Duration spread(Duration delay) {
        if (delay.isZero() || jitter == 0) {
            return delay;
        }
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }

    /** A {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110); empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
