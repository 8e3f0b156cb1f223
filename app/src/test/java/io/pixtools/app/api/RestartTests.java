package io.pixtools.app.api;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded default keeps its jobs and files in the data directory: a restart loses nothing. */
class RestartTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PixToolsApplication.class)
                .properties("server.port=0", "pixtools.data-dir=" + dataDir)
                .run();
    }

    private static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    /** A crash leaves work files and uploads behind; the next start removes those of processes that are gone. */
    @Test
    void scratchFilesOfAProcessThatIsGoneAreRemovedAtStartUp() throws IOException {
        List<Path> leftovers = new ArrayList<>();
        for (String root : List.of("tmp", "uploads", "tomcat")) {
            Path dead = Files.createDirectories(dataDir.resolve(root).resolve("999999999"));
            leftovers.add(Files.write(dead.resolve("left-by-a-crash.bin"), new byte[1024]));
        }
        try (ConfigurableApplicationContext app = start()) {
            assertThat(client(app).get("/api/health").getStatusCode().value()).isEqualTo(200);
            assertThat(leftovers)
                    .allSatisfy(file -> assertThat(file.getParent()).doesNotExist());
        }
    }

    @Test
    void jobsAndFilesSurviveARestart() {
        String jobId;
        JsonNode before;
        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = client(app);
            jobId = api.submit()
                    .file(fixture("camera.jpg"))
                    .operations("[\"webp\",\"metadata\"]")
                    .key("restart-key")
                    .send()
                    .getBody()
                    .path("job_id")
                    .asText();
            before = api.awaitFinished(jobId);
            assertThat(before.path("status").asText()).isEqualTo("COMPLETED");
        }
        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = client(app);
            JsonNode after = api.get("/api/jobs/" + jobId).getBody();
            assertThat(after.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(after.path("metadata")).isEqualTo(before.path("metadata"));
            byte[] webp = api.download(after.path("result_urls").path("webp").asText())
                    .getBody();
            assertThat(webp)
                    .hasSize(before.path("outputs").path("webp").path("bytes").asInt());
            assertThat(api.download(after.path("archive_url").asText())
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
            // The Idempotency-Key survives too: the same request after the restart is a replay, not a new job.
            JsonNode replay = api.submit()
                    .file(fixture("camera.jpg"))
                    .operations("[\"webp\",\"metadata\"]")
                    .key("restart-key")
                    .send()
                    .getBody();
            assertThat(replay.path("job_id").asText()).isEqualTo(jobId);
        }
    }
}
