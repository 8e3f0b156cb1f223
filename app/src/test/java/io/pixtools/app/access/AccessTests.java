package io.pixtools.app.access;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import io.pixtools.processors.PixHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The API with keys, tried as an attacker would: without a key nothing but health and the OpenAPI description
 * answers, whatever the spelling of the path; one key cannot see, download or redeliver another's job, even claiming
 * its identity in a header; download links work without a key until they expire, and refuse any change.
 */
@PixToolsApplicationTest
@TestPropertySource(
        properties = {
            "pixtools.api-keys=" + AccessTests.ALICE + "," + AccessTests.BOB,
            "pixtools.links.secret=" + AccessTests.LINKS_SECRET
        })
class AccessTests {

    static final String ALICE = "pxt_alice-0123456789abcdefghijklmnop";
    static final String BOB = "pxt_bob-0123456789abcdefghijklmnopqr";
    static final String LINKS_SECRET = "links-secret-for-the-access-tests";

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyStore store;

    @Autowired
    Environment environment;

    private ApiClient anonymous() {
        return new ApiClient(port);
    }

    private ApiClient as(String key) {
        return new ApiClient(port, key);
    }

    private String finishedJob(ApiClient client) {
        String id = client.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"png\"]");
        assertThat(client.awaitFinished(id).path("status").asText()).isEqualTo("COMPLETED");
        return id;
    }

    /** A raw request, so that the path reaches the server exactly as written (no client normalises it). */
    private HttpResponse<String> raw(String method, String path, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (header != null) {
            request.header(header, value);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void onlyHealthAndTheApiDescriptionAnswerWithoutAKey() throws Exception {
        assertThat(anonymous().get("/api/health").getStatusCode().value()).isEqualTo(200);
        assertThat(anonymous().get("/api/openapi.json").getStatusCode().value()).isEqualTo(200);

        String someJob = "/api/jobs/" + UUID.randomUUID();
        ResponseEntity<JsonNode> missing = anonymous().get(someJob);
        assertThat(missing.getStatusCode().value()).isEqualTo(401);
        assertThat(missing.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer realm=\"pixtools\"");
        assertThat(missing.getBody().path("error").asText()).isEqualTo("missing_api_key");
        assertThat(missing.getBody().path("field").asText()).isEqualTo("Authorization");

        ResponseEntity<JsonNode> wrong = new ApiClient(port, ALICE + "x").get(someJob);
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(wrong.getHeaders().getFirst("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(wrong.getBody().path("error").asText()).isEqualTo("invalid_api_key");

        ResponseEntity<JsonNode> upload = anonymous()
                .submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .send();
        assertThat(upload.getStatusCode().value()).as("an upload without a key").isEqualTo(401);
        assertThat(anonymous().get("/api/operations").getStatusCode().value()).isEqualTo(401);

        for (String path : new String[] {
            "/api/%6Aobs/" + UUID.randomUUID(),
            "/API/jobs/" + UUID.randomUUID(),
            "/api/./jobs/" + UUID.randomUUID(),
            "/docs/../api/jobs/" + UUID.randomUUID(),
            "/api;x=y/jobs/" + UUID.randomUUID(),
            "/api/health/../jobs/" + UUID.randomUUID()
        }) {
            HttpResponse<String> response = raw("GET", path, null, null);
            assertThat(response.statusCode()).as("GET %s without a key", path).isIn(400, 401, 404);
            assertThat(response.body()).as("GET %s without a key", path).doesNotContain("\"job_id\"");
        }
        assertThat(raw("GET", "/api/%6Aobs/" + UUID.randomUUID(), null, null).statusCode())
                .as("an escaped path is the same path")
                .isEqualTo(401);
    }

    @Test
    void aKeyIsAcceptedAsBearerOrXApiKeyButNotInTheQuery() throws Exception {
        String path = "/api/jobs/" + UUID.randomUUID();
        assertThat(raw("GET", path, "Authorization", "Bearer " + ALICE).statusCode())
                .isEqualTo(404);
        assertThat(raw("GET", path, "Authorization", "bearer " + ALICE).statusCode())
                .isEqualTo(404);
        assertThat(raw("GET", path, "X-API-Key", ALICE).statusCode()).isEqualTo(404);
        assertThat(raw("GET", path + "?api_key=" + ALICE, null, null).statusCode())
                .isEqualTo(401);
        assertThat(raw("GET", path, "Authorization", "Basic " + ALICE).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aJobIsInvisibleToEveryOtherKeyEvenOneClaimingToBeItsOwner() throws Exception {
        String job = finishedJob(as(ALICE));
        assertThat(as(ALICE).get("/api/jobs/" + job).getStatusCode().value()).isEqualTo(200);

        assertThat(as(BOB).get("/api/jobs/" + job).getStatusCode().value()).isEqualTo(404);
        assertThat(as(BOB).get("/api/jobs/" + job + "/results/jpg")
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(as(BOB).get("/api/jobs/" + job + "/archive").getStatusCode().value())
                .isEqualTo(404);
        assertThat(as(BOB).exchange(HttpMethod.POST, "/api/jobs/" + job + "/webhook/redeliver", HttpEntity.EMPTY)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(as(ALICE)
                        .download(as(ALICE).base() + "/api/jobs/" + job + "/results/jpg")
                        .getStatusCode()
                        .value())
                .as("the owner downloads with the key alone")
                .isEqualTo(200);

        HttpHeaders spoofed = new HttpHeaders();
        spoofed.set(PixHeaders.CALLER, ApiKeySecrets.bootstrapId(ALICE));
        assertThat(as(BOB).exchange(HttpMethod.GET, "/api/jobs/" + job, new HttpEntity<>(spoofed))
                        .getStatusCode()
                        .value())
                .as("a caller header sent by the client is ignored")
                .isEqualTo(404);
        assertThat(raw("GET", "/api/jobs/" + job, PixHeaders.CALLER, ApiKeySecrets.bootstrapId(ALICE))
                        .statusCode())
                .isEqualTo(401);
    }

    /** Regression: Camel's HTTP binding added a query parameter to the caller header, so the job had no owner. */
    @Test
    void aCallerNamedInTheQueryStringIsIgnored() {
        String bob = ApiKeySecrets.bootstrapId(BOB);
        ResponseEntity<JsonNode> submitted = as(ALICE)
                .submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .query(PixHeaders.CALLER, bob)
                .send();
        assertThat(submitted.getStatusCode().value()).isEqualTo(202);
        String job = submitted.getBody().path("job_id").asText();

        assertThat(as(ALICE).get("/api/jobs/" + job).getStatusCode().value())
                .as("the job is the submitting key's")
                .isEqualTo(200);
        assertThat(as(BOB).get("/api/jobs/" + job).getStatusCode().value()).isEqualTo(404);
        assertThat(as(BOB).get("/api/jobs/" + job + "?" + PixHeaders.CALLER + "=" + ApiKeySecrets.bootstrapId(ALICE))
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void signedLinksDownloadWithoutAKeyUntilTheyExpireAndRefuseAnyChange() throws Exception {
        String job = finishedJob(as(ALICE));
        JsonNode view = as(ALICE).get("/api/jobs/" + job).getBody();
        String jpg = view.path("result_urls").path("jpg").asText();
        String archive = view.path("archive_url").asText();
        assertThat(anonymous().download(jpg).getStatusCode().value())
                .as("a signed link needs no key")
                .isEqualTo(200);
        assertThat(as(BOB).download(jpg).getStatusCode().value())
                .as("nor does it care whose key comes with it")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !as(ALICE)
                        .get("/api/jobs/" + job)
                        .getBody()
                        .path("archive_url")
                        .isNull());
        archive =
                as(ALICE).get("/api/jobs/" + job).getBody().path("archive_url").asText();
        assertThat(anonymous().download(archive).getStatusCode().value()).isEqualTo(200);

        String signature = jpg.substring(jpg.indexOf("signature=") + "signature=".length());
        String flipped = jpg.substring(0, jpg.length() - 1) + (jpg.endsWith("A") ? "B" : "A");
        assertForbidden(flipped, "invalid_signature");
        assertForbidden(jpg.replace("/results/jpg", "/results/png"), "invalid_signature");
        assertForbidden(jpg.replace(job, UUID.randomUUID().toString()), "invalid_signature");
        long expires = Long.parseLong(jpg.replaceAll(".*expires=([0-9]+).*", "$1"));
        assertForbidden(jpg.replace("expires=" + expires, "expires=" + (expires + 3600)), "invalid_signature");
        assertForbidden(jpg.replace("signature=" + signature, "signature="), "invalid_signature");

        DownloadLinks past = new DownloadLinks(
                LINKS_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(-1), Clock.systemUTC());
        String expired = as(ALICE).base() + past.sign("/api/jobs/" + job + "/results/jpg");
        assertForbidden(expired, "link_expired");
    }

    private void assertForbidden(String url, String error) {
        ResponseEntity<JsonNode> response = anonymous().get(url);
        assertThat(response.getStatusCode().value()).as(url).isEqualTo(403);
        assertThat(response.getBody().path("error").asText()).as(url).isEqualTo(error);
    }

    @Test
    void anIdempotencyKeyBelongsToItsApiKey() {
        String idempotencyKey = UUID.randomUUID().toString();
        ResponseEntity<JsonNode> alice = as(ALICE)
                .submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .key(idempotencyKey)
                .send();
        ResponseEntity<JsonNode> bob = as(BOB).submit()
                .file(fixture("camera.jpg"))
                .operations("[\"jpg\"]")
                .key(idempotencyKey)
                .send();
        assertThat(alice.getStatusCode().value()).isEqualTo(202);
        assertThat(bob.getStatusCode().value())
                .as("Bob's first use of the key is his own")
                .isEqualTo(202);
        assertThat(bob.getBody().path("job_id").asText())
                .isNotEqualTo(alice.getBody().path("job_id").asText());
    }

    @Test
    void aKeyCreatedInTheDatabaseWorksAtOnceAndARevokedOneStopsWithinSeconds() {
        String path = "/api/jobs/" + UUID.randomUUID();
        assertThat(as(ALICE).get(path).getStatusCode().value())
                .as("a key the server knows")
                .isEqualTo(404);
        String carol = store.create("carol-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(as(carol).get(path).getStatusCode().value())
                .as("a new key, on its first request")
                .isEqualTo(404);
        String name = store.list().stream()
                .filter(k -> carol.startsWith(k.prefix()) && k.active())
                .reduce((a, b) -> b)
                .orElseThrow()
                .name();
        assertThat(store.revoke(name)).isTrue();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> as(carol).get(path).getStatusCode().value() == 401);
        assertThat(store.list())
                .filteredOn(k -> k.name().equals(name))
                .singleElement()
                .satisfies(k -> assertThat(k.active()).isFalse());
    }

    /** The launcher's command, as another process, on the database of this running server (H2's AUTO_SERVER). */
    @Test
    void theKeysCommandWorksFromAnotherProcessWhilePixToolsRuns() throws Exception {
        String name = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        Result created = keysCommand("create", name);
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String dave = created.stdout().strip();
        assertThat(dave).matches("pxt_[A-Za-z0-9_-]{43}");
        assertThat(store.list())
                .as("the key is in this server's database; the command said: %s", created.stderr())
                .anySatisfy(k -> assertThat(k.name()).isEqualTo(name));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> as(dave).get("/api/jobs/" + UUID.randomUUID())
                                .getStatusCode()
                                .value()
                        == 404);

        Result listed = keysCommand("list");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.stdout())
                .contains(name)
                .contains(dave.substring(0, 10))
                .doesNotContain(dave);

        Result revoked = keysCommand("revoke", name);
        assertThat(revoked.exitCode()).as(revoked.stderr()).isZero();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> as(dave).get("/api/jobs/" + UUID.randomUUID())
                                .getStatusCode()
                                .value()
                        == 401);
        assertThat(store.revoke(name)).as("revoking twice").isFalse();
        assertThat(keysCommand("rotate").exitCode()).as("an unknown command").isEqualTo(2);
        assertThatThrownBy(() -> store.create("no spaces allowed")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create(name))
                .as("a name is never reused")
                .isInstanceOf(IllegalArgumentException.class);
    }

    record Result(int exitCode, String stdout, String stderr) {}

    private Result keysCommand(String... args) throws IOException, InterruptedException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                javaCommand,
                "-cp",
                System.getProperty("java.class.path"),
                "io.pixtools.app.PixToolsApplication",
                "keys"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // The server's own database file (its data directory holds a random name, drawn anew at each reading).
        builder.environment().put("SPRING_DATASOURCE_URL", environment.getProperty("spring.datasource.url"));
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
