package io.pixtools.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one {@link LoadGenerator} run saw: an outcome per request and the wall time of the whole run. A job that
 * finished is {@code COMPLETED}; an upload answered 202 is {@code ACCEPTED}; anything else (a failed job, another
 * status, an exception) counts against the run and is listed by {@link #otherOutcomes}.
 */
record LoadRun(List<Outcome> outcomes, double seconds) {

    static final String COMPLETED = "COMPLETED";
    static final String ACCEPTED = "ACCEPTED";

    /** One request: how it ended, the time to its 202 and the time to its end (the same for an upload). */
    record Outcome(String status, Duration accepted, Duration finished) {

        boolean succeeded() {
            return status.equals(COMPLETED) || status.equals(ACCEPTED);
        }
    }

    int count() {
        return outcomes.size();
    }

    /** Requests that ended as they should: completed jobs, or uploads answered 202. */
    long succeeded() {
        return outcomes.stream().filter(Outcome::succeeded).count();
    }

    long completed() {
        return outcomes.stream().filter(o -> o.status.equals(COMPLETED)).count();
    }

    /** Successful requests per second of the whole run. */
    double perSecond() {
        return succeeded() / seconds;
    }

    /** Every other outcome with how often it happened, e.g. {@code {FAILED=2, HTTP 503=1}}; empty when none. */
    Map<String, Long> otherOutcomes() {
        return outcomes.stream()
                .filter(o -> !o.succeeded())
                .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
    }

    List<Duration> accepted() {
        return outcomes.stream().map(Outcome::accepted).toList();
    }

    List<Duration> finished() {
        return outcomes.stream().map(Outcome::finished).toList();
    }

    /** The nearest-rank percentile in milliseconds (100 is the maximum). */
    static long percentileMillis(List<Duration> durations, int percent) {
        List<Long> sorted = durations.stream().map(Duration::toMillis).sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
