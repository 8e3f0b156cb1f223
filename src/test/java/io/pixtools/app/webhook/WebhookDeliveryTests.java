package io.pixtools.app.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks against real receivers on loopback (allow-listed for the test): signed deliveries, retries, the circuit
 * breaker opening, skipping and closing again, timeouts, and a DNS answer that changes to loopback after intake.
 */
@SpringBootTest(classes = PixToolsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "pixtools.data-dir=target/test-data/${random.uuid}",
    "pixtools.webhooks.secret=" + WebhookDeliveryTests.SECRET,
    "pixtools.webhooks.allowed-hosts=127.0.0.1",
    "pixtools.webhooks.max-attempts=2",
    "pixtools.webhooks.backoff=100ms",
    "pixtools.webhooks.read-timeout=1s",
    "pixtools.webhooks.concurrency=1",
    "WEBHOOK_CB_FAIL_THRESHOLD=2",
    "WEBHOOK_CB_RESET_TIMEOUT=2s",
})
@Import(WebhookDeliveryTests.RebindingDns.class)
class WebhookDeliveryTests {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreaker webhookCircuitBreaker;

    @Autowired
    MeterRegistry meters;

    private ApiClient api;
    private Receiver receiver;

    /** A DNS server for "rebind.test" that answers with a public address once, then with loopback. */
    @TestConfiguration
    static class RebindingDns {
        static final AtomicInteger LOOKUPS = new AtomicInteger();

        @Bean
        @Primary
        HostResolver rebindingResolver() {
            return host -> {
                if (host.equals("rebind.test")) {
                    return new InetAddress[] {InetAddress.getByName(LOOKUPS.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")};
                }
                return InetAddress.getAllByName(host);
            };
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiClient(port);
        receiver = new Receiver();
        webhookCircuitBreaker.reset();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private String submit(String webhookUrl) {
        return api.submit().file(fixture("camera.jpg")).operations("[\"jpg\"]").part("webhook_url", webhookUrl).send()
                .getBody().path("job_id").asText();
    }

    private JsonNode awaitWebhook(String jobId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/jobs/" + jobId).getBody(),
                        job -> !"PENDING".equals(job.path("webhook").path("state").asText()));
    }

    @Test
    void deliversTheJobJsonSignedTheStandardWebhooksWay() throws Exception {
        String jobId = submit(receiver.url());
        JsonNode job = awaitWebhook(jobId);

        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("webhook").path("state").asText()).isEqualTo("DELIVERED");
        assertThat(job.path("webhook").path("attempts")).hasSize(1);
        assertThat(job.path("webhook").path("attempts").get(0).path("http_status").asInt()).isEqualTo(200);

        assertThat(receiver.deliveries()).hasSize(1);
        Receiver.Delivery delivery = receiver.deliveries().getFirst();
        String id = delivery.header("webhook-id");
        String timestamp = delivery.header("webhook-timestamp");
        assertThat(id).isEqualTo("msg_" + jobId);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.api.Assertions.within(60L));
        assertThat(delivery.header("content-type")).startsWith("application/json");
        assertThat(delivery.header("webhook-signature")).isEqualTo("v1," + hmac(id + "." + timestamp + "." + delivery.body()));
        assertThat(delivery.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("pix") || h.toLowerCase().startsWith("camel"));

        JsonNode sent = JSON.readTree(delivery.body());
        assertThat(sent.path("job_id").asText()).isEqualTo(jobId);
        assertThat(sent.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(sent.path("result_urls").path("jpg").asText()).endsWith("/api/jobs/" + jobId + "/results/jpg");
        ObjectNode expected = ((ObjectNode) job.deepCopy());
        expected.remove("webhook");
        ObjectNode actual = ((ObjectNode) sent.deepCopy());
        actual.remove("webhook");
        assertThat(actual.path("outputs")).isEqualTo(expected.path("outputs"));
        assertThat(actual.path("archive_url").asText()).endsWith("/api/jobs/" + jobId + "/archive");
    }

    @Test
    void failingReceiverIsRetriedThenTheCircuitOpensSkipsAndCloses() {
        receiver.answering(500);
        String first = submit(receiver.url());
        JsonNode failed = awaitWebhook(first);
        assertThat(failed.path("status").asText()).as("a webhook failure never changes the job").isEqualTo("COMPLETED");
        assertThat(failed.path("webhook").path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("webhook").path("attempts")).hasSize(2).allSatisfy(a -> {
            assertThat(a.path("outcome").asText()).isEqualTo("FAILED");
            assertThat(a.path("http_status").asInt()).isEqualTo(500);
            assertThat(a.path("error").asText()).contains("HTTP 500");
        });
        assertThat(receiver.deliveries()).hasSize(2);
        assertThat(webhookCircuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        String second = submit(receiver.url());
        JsonNode skipped = awaitWebhook(second);
        assertThat(skipped.path("webhook").path("state").asText()).isEqualTo("SKIPPED");
        assertThat(skipped.path("webhook").path("attempts")).hasSize(1);
        assertThat(skipped.path("webhook").path("attempts").get(0).path("error").asText()).contains("circuit breaker open");
        assertThat(receiver.deliveries()).as("nothing is sent while open").hasSize(2);

        receiver.answering(204);
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(2100)).until(() -> true);
        String third = submit(receiver.url());
        assertThat(awaitWebhook(third).path("webhook").path("state").asText()).isEqualTo("DELIVERED");
        assertThat(webhookCircuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        assertThat(meters.get("pixtools.webhook.deliveries").tag("outcome", "skipped").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("pixtools.webhook.circuit.state").gauge().value()).isZero();
    }

    @Test
    void slowReceiverHitsTheReadTimeout() {
        receiver.slow(Duration.ofSeconds(3));
        JsonNode job = awaitWebhook(submit(receiver.url()));
        assertThat(job.path("webhook").path("state").asText()).isEqualTo("FAILED");
        JsonNode attempt = job.path("webhook").path("attempts").get(0);
        assertThat(attempt.path("error").asText()).contains("timed out");
        assertThat(attempt.path("duration_ms").asLong()).isBetween(900L, 2900L);
    }

    /** The host passed the check at intake with a public address; when connecting it resolves to loopback. */
    @Test
    void deliveryRefusesAnAddressThatChangedToLoopback() {
        RebindingDns.LOOKUPS.set(0);
        String url = receiver.url().replace("127.0.0.1", "rebind.test");
        ApiClient.Submission request = api.submit().file(fixture("camera.jpg")).operations("[\"jpg\"]").part("webhook_url", url);
        var accepted = request.send();
        assertThat(accepted.getStatusCode().value()).as("intake saw a public address: %s", accepted.getBody()).isEqualTo(202);
        String jobId = accepted.getBody().path("job_id").asText();

        JsonNode job = awaitWebhook(jobId);

        assertThat(job.path("webhook").path("state").asText()).isEqualTo("FAILED");
        assertThat(job.path("webhook").path("attempts")).hasSize(1);
        assertThat(job.path("webhook").path("attempts").get(0).path("error").asText()).contains("loopback").contains("not allowed");
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void intakeRefusesInternalAddressesThatAreNotAllowListed() {
        for (String url : new String[] {"http://127.0.0.2/hook", "http://10.0.0.1/hook", "http://169.254.169.254/latest",
                                        "http://[::1]/hook", "http://localhost/hook", "file:///etc/passwd", "gopher://127.0.0.1/"}) {
            var response = api.submit().file(fixture("camera.jpg")).operations("[\"jpg\"]").part("webhook_url", url).send();
            assertThat(response.getStatusCode().value()).as(url).isEqualTo(422);
            assertThat(response.getBody().path("field").asText()).as(url).isEqualTo("webhook_url");
        }
    }

    private static String hmac(String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
