package io.pixtools.app.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.api.JobView;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobOutput;
import io.pixtools.app.jobs.WebhookOutbox;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.processors.PixHeaders;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of one delivery attempt, called by the webhook-deliver route: {@link #begin} ties the attempt to its
 * dispatcher slot, {@link #request} builds the signed request (the job as {@code GET /api/jobs/{job_id}} shows it),
 * {@link #outcome} reads how it went: DELIVERED on a 2xx; FAILED for good on {@code 410 Gone}, a refused address or an
 * exhausted schedule; otherwise PENDING again at the next planned time (the receiver's {@code Retry-After} within
 * bounds). The receiver's circuit breaker learns of every attempt; when it opens, the receiver's due deliveries are
 * postponed until it may try again.
 */
@Component("webhookDelivery")
public class WebhookDelivery {

    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";
    static final String PENDING = "PENDING";

    private final JobView jobView;
    private final WebhookSigner signer;
    private final ObjectMapper json;
    private final WebhookSchedule schedule;
    private final WebhookDispatcher dispatcher;
    private final WebhookOutbox outbox;
    /** {@code pixtools.api.public-url}, or null: then the links point where the client created the job. */
    private final String configuredBase;

    private final String localBase;
    private final MeterRegistry meters;
    private final Clock clock;

    public WebhookDelivery(
            JobView jobView,
            WebhookSigner signer,
            ObjectMapper json,
            WebhookSchedule schedule,
            WebhookDispatcher dispatcher,
            WebhookOutbox outbox,
            PixToolsProperties properties,
            MeterRegistry meters,
            @Value("${server.port:8080}") int port) {
        this.outbox = outbox;
        this.jobView = jobView;
        this.signer = signer;
        this.json = json;
        this.schedule = schedule;
        this.dispatcher = dispatcher;
        URI publicUrl = properties.api().publicUrl();
        this.configuredBase = publicUrl != null ? publicUrl.toString().replaceAll("/$", "") : null;
        this.localBase = "http://localhost:" + port;
        this.meters = meters;
        this.clock = Clock.systemUTC();
        for (String outcome : List.of("delivered", "failed", "retrying")) {
            attempts(outcome);
        }
        for (String outcome : List.of("delivered", "failed")) {
            deliveries(outcome);
        }
    }

    /** Whatever happens to this attempt, its dispatcher slot (and unused breaker permission) is given back. */
    public void begin(Exchange exchange) {
        WebhookOutbox.Due due = exchange.getIn().getBody(WebhookOutbox.Due.class);
        exchange.setProperty(PixHeaders.WEBHOOK_DUE, due);
        String receiver = due.receiver();
        exchange.setProperty(PixHeaders.WEBHOOK_STARTED, System.nanoTime());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (done.getProperty(PixHeaders.WEBHOOK_OUTCOME) == null) {
                    dispatcher.breaker(receiver).releasePermission();
                }
                dispatcher.release(receiver);
            }
        });
    }

    /** The signed request. The id is the same for every attempt, so that receivers can drop repeats. */
    public void request(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getIn();
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        List<?> outputs = exchange.getProperty(PixHeaders.OUTPUTS, List.class);
        String jobId = job.jobId();
        Map<String, Object> view =
                jobView.view(job, outputs.stream().map(JobOutput.class::cast).toList(), base(job));
        String body = json.writeValueAsString(view);
        long timestamp = clock.instant().getEpochSecond();
        String id = "msg_" + jobId;
        message.getHeaders().clear();
        message.setHeader(PixHeaders.JOB_ID, jobId);
        message.setHeader(Exchange.HTTP_URI, job.webhookUrl());
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("User-Agent", "PixTools-Webhook/1");
        message.setHeader("webhook-id", id);
        message.setHeader("webhook-timestamp", Long.toString(timestamp));
        message.setHeader("webhook-signature", signer.sign(id, timestamp, body));
        message.setBody(body);
    }

    /** The base of the payload's links: the configured public URL, else the one the client used (jobs older than V6: localhost). */
    private String base(Job job) {
        if (configuredBase != null) {
            return configuredBase;
        }
        return job.publicBase() != null && !job.publicBase().isEmpty() ? job.publicBase() : localBase;
    }

    /** How the attempt went ({@link PixHeaders#WEBHOOK_RESULT}): what to record, and the next attempt planned. */
    public void outcome(Exchange exchange) {
        Message message = exchange.getIn();
        Throwable failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        long nanos = System.nanoTime() - exchange.getProperty(PixHeaders.WEBHOOK_STARTED, Long.class);
        WebhookOutbox.Due due = exchange.getProperty(PixHeaders.WEBHOOK_DUE, WebhookOutbox.Due.class);
        String receiver = due.receiver();
        int attemptsMade = due.attempts() + 1;
        Instant now = clock.instant();
        CircuitBreaker breaker = dispatcher.breaker(receiver);

        Integer status = failure == null
                ? message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)
                : failure instanceof HttpOperationFailedException http ? Integer.valueOf(http.getStatusCode()) : null;
        String state;
        String error = null;
        Instant next = now;
        if (failure == null) {
            state = DELIVERED;
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            error = describe(failure);
            boolean receiverDown = status == null || status >= 500 || status == 408;
            if (receiverDown && !(rootCause(failure) instanceof GuardedDnsResolver.BlockedAddressException)) {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
            } else {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
            Optional<Instant> planned = finalFailure(failure, status)
                    ? Optional.empty()
                    : schedule.next(attemptsMade, now, WebhookSchedule.retryAfter(retryAfterHeader(failure), now));
            state = planned.isPresent() ? PENDING : FAILED;
            next = planned.orElse(now);
            if (status != null && status == 410) {
                error = error + "; the receiver said the webhook is gone: no more attempts";
            }
        }
        boolean postpone = state.equals(PENDING) && breaker.getState() == CircuitBreaker.State.OPEN;
        if (postpone) {
            Instant reopens = now.plus(dispatcherResetTimeout());
            next = next.isAfter(reopens) ? next : reopens;
        }
        String outcome = failure == null ? "delivered" : state.equals(FAILED) ? "failed" : "retrying";
        attempts(outcome).increment();
        if (!state.equals(PENDING)) {
            deliveries(outcome).increment();
        }
        exchange.setProperty(PixHeaders.WEBHOOK_OUTCOME, outcome);
        exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT.getName());
        message.setBody(null);
        exchange.setProperty(
                PixHeaders.WEBHOOK_RESULT,
                new WebhookOutbox.Result(
                        failure == null ? DELIVERED : FAILED,
                        status,
                        error,
                        Duration.ofNanos(nanos).toMillis(),
                        state,
                        next,
                        postpone));
    }

    /** The attempt recorded and the delivery planned, in the outbox. */
    public void record(Exchange exchange) {
        WebhookOutbox.Due due = exchange.getProperty(PixHeaders.WEBHOOK_DUE, WebhookOutbox.Due.class);
        outbox.finish(
                due.jobId(),
                dispatcher.holder(),
                due.receiver(),
                exchange.getProperty(PixHeaders.WEBHOOK_RESULT, WebhookOutbox.Result.class));
    }

    private Duration dispatcherResetTimeout() {
        return dispatcher.resetTimeout();
    }

    /** 410 Gone, or an address the guard refuses: trying again would not help. */
    private static boolean finalFailure(Throwable failure, Integer status) {
        return (status != null && status == 410)
                || rootCause(failure) instanceof GuardedDnsResolver.BlockedAddressException;
    }

    private static String retryAfterHeader(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
            return http.getResponseHeaders().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && t.getCause() != t
                && !(t instanceof GuardedDnsResolver.BlockedAddressException)) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && !(t instanceof HttpOperationFailedException)
                && !(t instanceof java.io.IOException)) {
            t = t.getCause();
        }
        return switch (t) {
            case HttpOperationFailedException http -> "receiver answered HTTP " + http.getStatusCode();
            case GuardedDnsResolver.BlockedAddressException blocked -> blocked.getMessage();
            case SocketTimeoutException timeout -> "timed out waiting for the receiver";
            case ConnectException refused -> "connection refused";
            case java.net.UnknownHostException unknown -> "host cannot be resolved: " + unknown.getMessage();
            default -> t.getClass().getSimpleName() + ": " + t.getMessage();
        };
    }

    private Counter attempts(String outcome) {
        return Counter.builder("pixtools.webhook.attempts")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .description("Webhook delivery attempts by outcome")
                .register(meters);
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("pixtools.webhook.deliveries")
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .description("Webhook deliveries by final outcome")
                .register(meters);
    }
}
