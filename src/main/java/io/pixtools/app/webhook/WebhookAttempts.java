package io.pixtools.app.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.api.JobView;
import io.pixtools.app.config.PixToolsProperties;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The steps of one webhook delivery, called by the webhook route: {@link #prepare} once, then for each attempt
 * {@link #start} and {@link #finish}, with {@link #another} deciding whether to go on and {@link #backoff} how long to
 * wait first. All state lives in the exchange. A delivery ends DELIVERED on a 2xx, SKIPPED when the circuit breaker
 * is open, FAILED when the attempts are used up or the address is refused.
 */
@Component("webhookAttempts")
public class WebhookAttempts {

    private static final String DELIVERED = "DELIVERED";
    private static final String FAILED = "FAILED";
    private static final String SKIPPED = "SKIPPED";

    private final JobView jobView;
    private final WebhookSigner signer;
    private final ObjectMapper json;
    private final PixToolsProperties.Webhooks settings;
    private final String base;
    private final MeterRegistry meters;

    public WebhookAttempts(JobView jobView, WebhookSigner signer, ObjectMapper json, PixToolsProperties properties,
                           MeterRegistry meters, @Value("${server.port:8080}") int port) {
        this.jobView = jobView;
        this.signer = signer;
        this.json = json;
        this.settings = properties.webhooks();
        URI publicUrl = properties.api().publicUrl();
        this.base = publicUrl != null ? publicUrl.toString().replaceAll("/$", "") : "http://localhost:" + port;
        this.meters = meters;
        for (String outcome : new String[] {DELIVERED, FAILED, SKIPPED}) {
            attempts(outcome);
            deliveries(outcome);
        }
    }

    private Counter attempts(String outcome) {
        return Counter.builder("pixtools.webhook.attempts").tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT))
                .description("Webhook delivery attempts by outcome").register(meters);
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("pixtools.webhook.deliveries").tag("outcome", outcome.toLowerCase(java.util.Locale.ROOT))
                .description("Webhook deliveries by final outcome").register(meters);
    }

    /** The body every attempt sends: the job as GET /api/jobs/{job_id} shows it. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getIn();
        Map<?, ?> job = in.getHeader(PixHeaders.JOB_ROW, Map.class);
        List<?> outputs = in.getHeader(PixHeaders.OUTPUT_ROWS, List.class);
        Map<String, Object> view = jobView.view(job, outputs == null ? List.of() : outputs, List.of(), base);
        exchange.setProperty(PixHeaders.WEBHOOK_BODY, json.writeValueAsString(view));
        exchange.setProperty(PixHeaders.WEBHOOK_URL, job.get("webhook_url"));
        exchange.setProperty(PixHeaders.JOB_ID, job.get("job_id"));
        exchange.setProperty(PixHeaders.WEBHOOK_ATTEMPT, 0);
        exchange.setProperty(PixHeaders.WEBHOOK_STATE, "PENDING");
    }

    public boolean another(Exchange exchange) {
        return "PENDING".equals(exchange.getProperty(PixHeaders.WEBHOOK_STATE))
                && exchange.getProperty(PixHeaders.WEBHOOK_ATTEMPT, Integer.class) < settings.maxAttempts();
    }

    /** Exponential back-off before each retry: backoff, 2 x backoff, 4 x backoff ... none before the first attempt. */
    public long backoff(Exchange exchange) {
        int done = exchange.getProperty(PixHeaders.WEBHOOK_ATTEMPT, Integer.class);
        return done == 0 ? 0 : settings.backoff().toMillis() << Math.min(done - 1, 10);
    }

    /** A fresh signed request: the id stays the same for every attempt so that receivers can drop repeats. */
    public void start(Exchange exchange) {
        String jobId = exchange.getProperty(PixHeaders.JOB_ID, String.class);
        String body = exchange.getProperty(PixHeaders.WEBHOOK_BODY, String.class);
        long timestamp = Instant.now().getEpochSecond();
        String id = "msg_" + jobId;
        Message message = exchange.getIn();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_URI, exchange.getProperty(PixHeaders.WEBHOOK_URL));
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("User-Agent", "PixTools-Webhook/1");
        message.setHeader("webhook-id", id);
        message.setHeader("webhook-timestamp", Long.toString(timestamp));
        message.setHeader("webhook-signature", signer.sign(id, timestamp, body));
        message.setBody(body);
        exchange.setProperty(PixHeaders.WEBHOOK_ATTEMPT, exchange.getProperty(PixHeaders.WEBHOOK_ATTEMPT, Integer.class) + 1);
        exchange.setProperty(PixHeaders.WEBHOOK_STARTED, System.nanoTime());
        exchange.removeProperty(ExchangePropertyKey.EXCEPTION_CAUGHT.getName());
    }

    /** Reads how the attempt went and leaves the headers that record it. */
    public void finish(Exchange exchange) {
        long millis = Duration.ofNanos(System.nanoTime() - exchange.getProperty(PixHeaders.WEBHOOK_STARTED, Long.class)).toMillis();
        boolean fromFallback = Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_FROM_FALLBACK, Boolean.class));
        Throwable failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        Message message = exchange.getIn();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String outcome;
        String error = null;
        if (!fromFallback) {
            outcome = DELIVERED;
        } else if (failure == null || failure instanceof CallNotPermittedException) {
            outcome = SKIPPED;
            status = null;
            error = "circuit breaker open: delivery skipped";
        } else {
            outcome = FAILED;
            status = failure instanceof HttpOperationFailedException http ? http.getStatusCode() : null;
            error = describe(failure);
        }
        boolean last = !outcome.equals(FAILED) || failure instanceof GuardedDnsResolver.BlockedAddressException
                || exchange.getProperty(PixHeaders.WEBHOOK_ATTEMPT, Integer.class) >= settings.maxAttempts();
        exchange.setProperty(PixHeaders.WEBHOOK_STATE, last ? outcome : "PENDING");

        message.getHeaders().clear();
        message.setBody(null);
        message.setHeader(PixHeaders.JOB_ID, exchange.getProperty(PixHeaders.JOB_ID));
        message.setHeader(PixHeaders.WEBHOOK_OUTCOME, outcome);
        message.setHeader(PixHeaders.WEBHOOK_HTTP_STATUS, status);
        message.setHeader(PixHeaders.ERROR_MESSAGE, error);
        message.setHeader(PixHeaders.WEBHOOK_DURATION_MS, millis);
        message.setHeader(PixHeaders.WEBHOOK_STATE, exchange.getProperty(PixHeaders.WEBHOOK_STATE));
        attempts(outcome).increment();
        if (last) {
            deliveries(outcome).increment();
        }
    }

    static String describe(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && !(t instanceof HttpOperationFailedException) && !(t instanceof java.io.IOException)) {
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
}
