package io.pixtools.app.webhook;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplication;
import io.pixtools.testing.RepositoryFiles;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Webhooks against real receivers on loopback (allow-listed for the test), through the outbox: signed deliveries that
 * the Standard Webhooks reference library verifies, retries on a schedule until a receiver that was down comes back,
 * Retry-After and 410 Gone, one circuit breaker per receiver, slow receivers that starve nobody, redelivery on
 * request, secret rotation, and a DNS answer that changes to loopback after intake.
 */
@SpringBootTest(
        classes = PixToolsApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pixtools.data-dir=target/test-data/${random.uuid}",
            "pixtools.webhooks.secret=" + WebhookDeliveryTests.SECRET,
            "pixtools.webhooks.previous-secrets=" + WebhookDeliveryTests.OLD_SECRET,
            "pixtools.webhooks.allowed-hosts=127.0.0.1",
            "pixtools.webhooks.retry-schedule=0s,1s,2s,2s",
            "pixtools.webhooks.jitter=0",
            "pixtools.webhooks.poll-interval=200ms",
            "pixtools.webhooks.read-timeout=1s",
            "pixtools.webhooks.concurrency=4",
            "pixtools.webhooks.per-receiver-concurrency=2",
            "WEBHOOK_CB_FAIL_THRESHOLD=2",
            "WEBHOOK_CB_RESET_TIMEOUT=3s",
        })
@Import(WebhookDeliveryTests.RebindingDns.class)
class WebhookDeliveryTests {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String OLD_SECRET = "whsec_C2FtcGxlLW9sZC1zZWNyZXQtcm90YXRlZC1vdXQ=";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    WebhookBreakers breakers;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

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
                    return new InetAddress[] {
                        InetAddress.getByName(LOOKUPS.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")
                    };
                }
                return InetAddress.getAllByName(host);
            };
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiClient(port);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private String submit(String webhookUrl) {
        return api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .part("webhook_url", webhookUrl)
                .send()
                .getBody()
                .path("job_id")
                .asText();
    }

    private JsonNode awaitWebhook(String jobId, String state) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> api.get("/api/jobs/" + jobId).getBody(),
                        job -> state.equals(job.path("webhook").path("state").asText()));
    }

    @Test
    void deliversTheJobJsonSignedSoThatTheReferenceLibraryVerifiesIt() throws Exception {
        String jobId = submit(receiver.url());
        JsonNode job = awaitWebhook(jobId, "DELIVERED");

        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("webhook").path("attempts")).hasSize(1);
        assertThat(job.path("webhook")
                        .path("attempts")
                        .get(0)
                        .path("http_status")
                        .asInt())
                .isEqualTo(200);
        assertThat(job.path("webhook").path("next_attempt_at").isNull()).isTrue();

        assertThat(receiver.deliveries()).hasSize(1);
        Receiver.Delivery delivery = receiver.deliveries().getFirst();
        String id = delivery.header("webhook-id");
        String timestamp = delivery.header("webhook-timestamp");
        assertThat(id).isEqualTo("msg_" + jobId);
        assertThat(Long.parseLong(timestamp))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.api.Assertions.within(60L));
        assertThat(delivery.header("content-type")).startsWith("application/json");
        assertThat(delivery.header("webhook-signature"))
                .as("one signature per secret, the current one first")
                .isEqualTo("v1," + hmac(SECRET, id + "." + timestamp + "." + delivery.body()) + " v1,"
                        + hmac(OLD_SECRET, id + "." + timestamp + "." + delivery.body()));
        assertThat(delivery.headers().keySet())
                .noneMatch(h ->
                        h.toLowerCase().startsWith("pix") || h.toLowerCase().startsWith("camel"));

        assertThat(verifiedByReferenceLibrary(SECRET, delivery)).isEqualTo(jobId);
        assertThat(verifiedByReferenceLibrary(OLD_SECRET, delivery))
                .as("a receiver not yet rotated")
                .isEqualTo(jobId);
        assertThat(verifiedByReferenceLibrary("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), delivery))
                .startsWith("not verified");

        JsonNode sent = JSON.readTree(delivery.body());
        assertThat(sent.path("job_id").asText()).isEqualTo(jobId);
        assertThat(sent.has("webhook")).isFalse();
        assertThat(java.net.URI.create(sent.path("result_urls").path("jpg").asText()))
                .as("links to where the client created the job, signed")
                .hasHost("localhost")
                .hasPort(port)
                .hasPath("/api/jobs/" + jobId + "/results/jpg")
                .hasParameter("expires")
                .hasParameter("signature");
        ObjectNode expected = (ObjectNode) job.deepCopy();
        assertThat(sent.path("outputs")).isEqualTo(expected.path("outputs"));
    }

    /** The receiver is down (nothing listens) for its first attempts, then comes back on the same URL. */
    @Test
    void aReceiverThatWasDownGetsTheNotificationWhenItIsBack() throws Exception {
        int downPort = receiver.port();
        receiver.close();
        String jobId = submit("http://127.0.0.1:" + downPort + "/hook");
        JsonNode waiting = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get("/api/jobs/" + jobId).getBody(),
                        job -> job.path("webhook").path("attempts").size() >= 2);
        assertThat(waiting.path("webhook").path("state").asText()).isEqualTo("PENDING");
        assertThat(waiting.path("webhook").path("attempts").get(0).path("error").asText())
                .isEqualTo("connection refused");
        assertThat(waiting.path("webhook").path("next_attempt_at").asText()).isNotBlank();

        receiver = new Receiver(downPort);
        JsonNode delivered = awaitWebhook(jobId, "DELIVERED");
        assertThat(delivered.path("webhook").path("attempts").size()).isBetween(3, 4);
        assertThat(receiver.deliveriesOf(jobId)).hasSize(1);
    }

    @Test
    void retryAfterFromTheReceiverIsHonoured() {
        receiver.thenAnswer(503, "3");
        String jobId = submit(receiver.url());
        JsonNode job = awaitWebhook(jobId, "DELIVERED");

        assertThat(job.path("webhook").path("attempts")).hasSize(2);
        assertThat(job.path("webhook")
                        .path("attempts")
                        .get(0)
                        .path("http_status")
                        .asInt())
                .isEqualTo(503);
        List<Receiver.Delivery> seen = receiver.deliveriesOf(jobId);
        assertThat(Duration.between(seen.get(0).at(), seen.get(1).at()))
                .as("the schedule says 1 s, the receiver 3 s")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }

    @Test
    void goneStopsTheDeliveries() {
        receiver.answering(410);
        JsonNode job = awaitWebhook(submit(receiver.url()), "FAILED");
        assertThat(job.path("webhook").path("attempts")).hasSize(1);
        assertThat(job.path("webhook").path("attempts").get(0).path("error").asText())
                .contains("HTTP 410")
                .contains("no more attempts");
        assertThat(job.path("status").asText())
                .as("a webhook never changes the job")
                .isEqualTo("COMPLETED");
    }

    @Test
    void aBrokenReceiverOpensItsOwnCircuitOnlyAndIsDeliveredOnceItRecovers() throws Exception {
        try (Receiver healthy = new Receiver()) {
            receiver.answering(500);
            String broken = submit(receiver.url());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> breakers.of("127.0.0.1:" + receiver.port()).getState() == CircuitBreaker.State.OPEN);
            JsonNode postponed = api.get("/api/jobs/" + broken).getBody();
            assertThat(postponed.path("webhook").path("state").asText()).isEqualTo("PENDING");
            assertThat(postponed.path("webhook").path("attempts")).hasSize(2);
            assertThat(OffsetDateTime.parse(postponed
                                    .path("webhook")
                                    .path("next_attempt_at")
                                    .asText())
                            .toInstant())
                    .as("an open breaker postpones, it does not drop")
                    .isAfter(Instant.now());
            assertThat(meters.get("pixtools.webhook.circuits.open").gauge().value())
                    .isGreaterThanOrEqualTo(1);

            long start = System.nanoTime();
            String other = submit(healthy.url());
            awaitWebhook(other, "DELIVERED");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("another receiver is not held up")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(breakers.of("127.0.0.1:" + healthy.port()).getState()).isEqualTo(CircuitBreaker.State.CLOSED);

            int attemptsWhileOpen = receiver.deliveriesOf(broken).size();
            receiver.answering(204);
            JsonNode recovered = awaitWebhook(broken, "DELIVERED");
            assertThat(receiver.deliveriesOf(broken).size())
                    .as("nothing was sent while the breaker was open")
                    .isEqualTo(attemptsWhileOpen + 1);
            assertThat(recovered.path("webhook").path("attempts")).hasSize(3);
        }
    }

    @Test
    void aSlowReceiverDoesNotStarveAFastOne() throws Exception {
        try (Receiver fast = new Receiver()) {
            receiver.slow(Duration.ofSeconds(3));
            List<String> slowJobs = List.of(
                    submit(receiver.url()), submit(receiver.url()), submit(receiver.url()), submit(receiver.url()));
            String fastJob = submit(fast.url());
            long start = System.nanoTime();
            awaitWebhook(fastJob, "DELIVERED");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            JsonNode slow = api.get("/api/jobs/" + slowJobs.getFirst()).getBody();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !api.get("/api/jobs/" + slowJobs.getFirst())
                            .getBody()
                            .path("webhook")
                            .path("attempts")
                            .isEmpty());
            JsonNode attempt = api.get("/api/jobs/" + slowJobs.getFirst())
                    .getBody()
                    .path("webhook")
                    .path("attempts")
                    .get(0);
            assertThat(attempt.path("error").asText()).as(slow.toString()).contains("timed out");
            assertThat(attempt.path("duration_ms").asLong()).isBetween(900L, 2900L);
        }
    }

    @Test
    void aDeliveryCanBeRequestedAgain() {
        String jobId = submit(receiver.url());
        awaitWebhook(jobId, "DELIVERED");

        var again = api.exchange(HttpMethod.POST, "/api/jobs/" + jobId + "/webhook/redeliver", HttpEntity.EMPTY);
        assertThat(again.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getBody().path("webhook").path("state").asText()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> receiver.deliveriesOf(jobId).size() == 2);
        assertThat(receiver.deliveriesOf(jobId))
                .extracting(d -> d.header("webhook-id"))
                .containsOnly("msg_" + jobId);
        assertThat(awaitWebhook(jobId, "DELIVERED").path("webhook").path("attempts"))
                .hasSize(2);

        assertThat(api.exchange(
                                HttpMethod.POST,
                                "/api/jobs/" + UUID.randomUUID() + "/webhook/redeliver",
                                HttpEntity.EMPTY)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        String noWebhook = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\"]");
        api.awaitFinished(noWebhook);
        assertThat(api.exchange(HttpMethod.POST, "/api/jobs/" + noWebhook + "/webhook/redeliver", HttpEntity.EMPTY)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        String running = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update("""
                INSERT INTO jobs (job_id, status, operations, operation_params, webhook_url, source_key, source_name, source_format,
                                  source_bytes, source_width, source_height, created_at, updated_at, expires_at)
                VALUES (?, 'PROCESSING', '["jpg"]', '{}', ?, 'k', 'n', 'jpeg', 1, 1, 1, ?, ?, ?)""", running, receiver.url(), now, now, now.plusHours(1));
        var conflict = api.exchange(HttpMethod.POST, "/api/jobs/" + running + "/webhook/redeliver", HttpEntity.EMPTY);
        assertThat(conflict.getStatusCode().value()).isEqualTo(409);
        jdbc.update("DELETE FROM jobs WHERE job_id = ?", running);
    }

    /** The host passed the check at intake with a public address; when connecting it resolves to loopback. */
    @Test
    void deliveryRefusesAnAddressThatChangedToLoopback() {
        RebindingDns.LOOKUPS.set(0);
        String url = receiver.url().replace("127.0.0.1", "rebind.test");
        var accepted = api.submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .part("webhook_url", url)
                .send();
        assertThat(accepted.getStatusCode().value())
                .as("intake saw a public address: %s", accepted.getBody())
                .isEqualTo(202);
        String jobId = accepted.getBody().path("job_id").asText();

        JsonNode job = awaitWebhook(jobId, "FAILED");

        assertThat(job.path("webhook").path("attempts")).hasSize(1);
        assertThat(job.path("webhook").path("attempts").get(0).path("error").asText())
                .contains("loopback")
                .contains("not allowed");
        assertThat(receiver.deliveries()).isEmpty();
    }

    @Test
    void intakeRefusesInternalAddressesThatAreNotAllowListed() {
        for (String url : new String[] {
            "http://127.0.0.2/hook",
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest",
            "http://[::1]/hook",
            "http://localhost/hook",
            "file:///etc/passwd",
            "gopher://127.0.0.1/",
            "http://[64:ff9b::a9fe:a9fe]/latest",
            "http://198.18.0.1/",
            "http://240.0.0.1/"
        }) {
            var response = api.submit()
                    .file(fixture("camera.jpg"))
                    .operations("[\"jpg\"]")
                    .part("webhook_url", url)
                    .send();
            assertThat(response.getStatusCode().value()).as(url).isEqualTo(422);
            assertThat(response.getBody().path("field").asText()).as(url).isEqualTo("webhook_url");
        }
    }

    /** Runs webui/tests/verify-webhook.mjs: the npm standardwebhooks library, as a receiver in Node.js would use it. */
    private static String verifiedByReferenceLibrary(String secret, Receiver.Delivery delivery) throws Exception {
        Map<String, Object> input = Map.of(
                "secret",
                secret,
                "body",
                delivery.body(),
                "headers",
                Map.of(
                        "webhook-id", delivery.header("webhook-id"),
                        "webhook-timestamp", delivery.header("webhook-timestamp"),
                        "webhook-signature", delivery.header("webhook-signature")));
        Process node = new ProcessBuilder("node", "tests/verify-webhook.mjs")
                .directory(RepositoryFiles.path("webui").toFile())
                .redirectErrorStream(true)
                .start();
        node.getOutputStream().write(JSON.writeValueAsBytes(input));
        node.getOutputStream().close();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static String hmac(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }
}
