package io.pixtools.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/** Talks to a running PixTools over HTTP as a client would: multipart uploads, JSON, downloads. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final RestTemplate http;

    public ApiClient(int port) {
        this(port, null);
    }

    /** A client that sends {@code apiKey} as {@code Authorization: Bearer} on every request (none when null). */
    public ApiClient(int port, String apiKey) {
        this.base = "http://localhost:" + port;
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofSeconds(5));
        factory.setReadTimeout(Duration.ofSeconds(60));
        this.http = new RestTemplate(factory);
        if (apiKey != null) {
            this.http.getInterceptors().add((request, body, execution) -> {
                request.getHeaders().setBearerAuth(apiKey);
                return execution.execute(request, body);
            });
        }
        this.http.setErrorHandler(new DefaultResponseErrorHandler() {
            @Override
            public boolean hasError(org.springframework.http.client.ClientHttpResponse response) {
                return false;
            }
        });
    }

    public String base() {
        return base;
    }

    /** A request under construction: only {@code file} and {@code operations} are usual, everything is optional. */
    public Submission submit() {
        return new Submission();
    }

    public final class Submission {
        private final MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        private final HttpHeaders headers = new HttpHeaders();
        private String query = "";

        public Submission file(Path file) {
            form.add("file", new FileSystemResource(file));
            return this;
        }

        public Submission file(String name, byte[] bytes) {
            form.add("file", named(name, bytes));
            return this;
        }

        public Submission part(String name, String value) {
            form.add(name, value);
            return this;
        }

        public Submission operations(String json) {
            return part("operations", json);
        }

        public Submission params(String json) {
            return part("operation_params", json);
        }

        public Submission key(String idempotencyKey) {
            return header("Idempotency-Key", idempotencyKey);
        }

        public Submission header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** A query parameter on the URL, beside the form. */
        public Submission query(String name, String value) {
            query += (query.isEmpty() ? "?" : "&") + encoded(name) + "=" + encoded(value);
            return this;
        }

        public ResponseEntity<JsonNode> send() {
            headers.setContentType(MediaType.MULTIPART_FORM_DATA);
            return json(http.exchange(
                    URI.create(base + "/api/process" + query),
                    HttpMethod.POST,
                    new HttpEntity<>(form, headers),
                    byte[].class));
        }
    }

    public ResponseEntity<JsonNode> get(String path) {
        return json(http.getForEntity(URI.create(path.startsWith("http") ? path : base + path), byte[].class));
    }

    public ResponseEntity<byte[]> download(String url) {
        return http.getForEntity(URI.create(url), byte[].class);
    }

    public ResponseEntity<JsonNode> exchange(HttpMethod method, String path, HttpEntity<?> entity) {
        return json(http.exchange(URI.create(base + path), method, entity, byte[].class));
    }

    /** Polls the job until it is COMPLETED or FAILED and returns its JSON. */
    public JsonNode awaitFinished(String jobId) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> get("/api/jobs/" + jobId).getBody(),
                        job -> job != null
                                && (job.path("status").asText().equals("COMPLETED")
                                        || job.path("status").asText().equals("FAILED")));
    }

    public String submitAndGetId(Path file, String operations) {
        return submit().file(file)
                .operations(operations)
                .send()
                .getBody()
                .path("job_id")
                .asText();
    }

    private static ResponseEntity<JsonNode> json(ResponseEntity<byte[]> response) {
        try {
            byte[] body = response.getBody();
            JsonNode node = body == null || body.length == 0 ? null : JSON.readTree(body);
            return new ResponseEntity<>(node, response.getHeaders(), response.getStatusCode());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(response.getBody()), e);
        }
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Resource named(String name, byte[] bytes) {
        return new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }
}
