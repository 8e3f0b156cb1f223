package io.pixtools.app.observe;

import static io.pixtools.testing.TestImages.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixtools.app.ApiClient;
import io.pixtools.app.PixToolsApplicationTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;

/** After a job, the Prometheus scrape and JMX show what happened, route by route and in product terms. */
@PixToolsApplicationTest
class ObservabilityTests {

    /** A sample line: name, optional labels, value; exemplars or timestamps may follow. */
    private static final Pattern SAMPLE =
            Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ([-0-9.eE+NaInf]+)");

    @LocalServerPort
    int port;

    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private Map<String, Double> scrape() {
        String text =
                new String(api.download(api.base() + "/actuator/prometheus").getBody(), StandardCharsets.UTF_8);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    /** The one sample whose name and labels include all of the given fragments (0 when there is none yet). */
    private static double value(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e ->
                        java.util.Arrays.stream(labels).allMatch(l -> e.getKey().contains(l)))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    @Autowired
    CamelContext camel;

    /** This application's convert route over JMX (other test applications in the JVM register their own contexts). */
    private long convertCompleted() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName route = new ObjectName(
                "org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\"convert\"");
        return (Long) jmx.getAttribute(route, "ExchangesCompleted");
    }

    @Test
    void prometheusShowsRouteAndProductMetricsOfAJob() throws Exception {
        Map<String, Double> before = scrape();
        long jmxBefore = convertCompleted();

        String jobId = api.submitAndGetId(fixture("camera.jpg"), "[\"jpg\",\"webp\",\"metadata\"]");
        JsonNode job = api.awaitFinished(jobId);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        Map<String, Double> after = scrape();

        assertThat(value(after, "camel_exchanges_total", "routeId=\"convert\"")
                        - value(before, "camel_exchanges_total", "routeId=\"convert\""))
                .as(
                        "the convert route ran once for the job's three operations; samples: %s",
                        after.keySet().stream()
                                .filter(k -> k.contains("convert"))
                                .toList())
                .isEqualTo(1.0);
        assertThat(value(after, "camel_route_policy_seconds_count", "routeId=\"intake\"")
                        - value(before, "camel_route_policy_seconds_count", "routeId=\"intake\""))
                .isEqualTo(1.0);
        assertThat(value(after, "pixtools_jobs_accepted_total") - value(before, "pixtools_jobs_accepted_total"))
                .isEqualTo(1.0);
        assertThat(value(after, "pixtools_jobs_finished_total", "status=\"completed\"")
                        - value(before, "pixtools_jobs_finished_total", "status=\"completed\""))
                .isEqualTo(1.0);
        for (String op : new String[] {"jpg", "webp", "metadata"}) {
            assertThat(value(after, "pixtools_operations_total", "operation=\"" + op + "\"", "status=\"completed\"")
                            - value(
                                    before,
                                    "pixtools_operations_total",
                                    "operation=\"" + op + "\"",
                                    "status=\"completed\""))
                    .as(op)
                    .isEqualTo(1.0);
            assertThat(value(after, "pixtools_operation_duration_seconds_count", "operation=\"" + op + "\"")
                            - value(before, "pixtools_operation_duration_seconds_count", "operation=\"" + op + "\""))
                    .as(op)
                    .isEqualTo(1.0);
        }
        assertThat(value(after, "pixtools_output_bytes_sum", "operation=\"webp\"", "format=\"webp\"")
                        - value(before, "pixtools_output_bytes_sum", "operation=\"webp\"", "format=\"webp\""))
                .as("output bytes match the job's webp output")
                .isCloseTo(job.path("outputs").path("webp").path("bytes").asDouble(), within(0.5));
        assertThat(after).containsKey("pixtools_queue_depth{queue=\"standard-queue\"}");
        assertThat(value(after, "pixtools_queue_consumers", "queue=\"standard-queue\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(after).containsKey("pixtools_webhook_circuits_open");
        assertThat(after).containsKeys("pixtools_jobs_unfinished", "pixtools_jobs_oldest_unfinished_age_seconds");

        assertThat(convertCompleted() - jmxBefore)
                .as("route statistics over JMX")
                .isEqualTo(1);
        dashboardsAndAlertsUseMetricsThatExist(after);
    }

    @Autowired
    DataSource dataSource;

    /** A job that has waited two minutes shows as the oldest unfinished job's age, which the queue-age alert uses. */
    @Test
    void theAgeOfTheOldestUnfinishedJobIsAMetric() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        jdbc.update(
                "INSERT INTO jobs (job_id, status, operations, operation_params, source_key, source_name, source_format,"
                        + " source_bytes, source_width, source_height, created_at, updated_at, expires_at)"
                        + " VALUES (?, 'PENDING', '[\"jpg\"]', '{}', ?, 'waiting.jpg', 'jpeg', 1, 1, 1, ?, ?, ?)",
                jobId,
                "sources/" + jobId,
                Timestamp.from(now.minusSeconds(120)),
                Timestamp.from(now),
                Timestamp.from(now.plusSeconds(3600)));
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Double> metrics = scrape();
                assertThat(value(metrics, "pixtools_jobs_unfinished")).isGreaterThanOrEqualTo(1.0);
                assertThat(value(metrics, "pixtools_jobs_oldest_unfinished_age_seconds"))
                        .isBetween(120.0, 600.0);
            });
        } finally {
            jdbc.update("DELETE FROM jobs WHERE job_id = ?", jobId);
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(value(scrape(), "pixtools_jobs_oldest_unfinished_age_seconds"))
                        .as("no job waits two minutes any more")
                        .isLessThan(120.0));
    }

    /** Every metric the Grafana dashboard and the alert rules query is one this application exposes. */
    private static void dashboardsAndAlertsUseMetricsThatExist(Map<String, Double> scrape) throws Exception {
        java.util.Set<String> exposed = new java.util.HashSet<>();
        scrape.keySet().forEach(k -> exposed.add(k.replaceAll("\\{.*", "")));
        String queries = java.nio.file.Files.readString(
                        io.pixtools.testing.RepositoryFiles.path("observability/grafana-dashboard.json"))
                + java.nio.file.Files.readString(
                        io.pixtools.testing.RepositoryFiles.path("observability/prometheus-alerts.yaml"));
        Matcher used = Pattern.compile("\\b((?:pixtools|camel|jvm)_[a-z_]+)").matcher(queries);
        java.util.Set<String> missing = new java.util.TreeSet<>();
        while (used.find()) {
            if (!exposed.contains(used.group(1))) {
                missing.add(used.group(1));
            }
        }
        assertThat(missing).as("metrics used by observability/ but not exposed").isEmpty();
        new org.yaml.snakeyaml.Yaml()
                .load(java.nio.file.Files.readString(
                        io.pixtools.testing.RepositoryFiles.path("observability/prometheus-alerts.yaml")));
    }

    @Test
    void theJmxConsoleNeedsTheManagementCredentials() {
        var anonymous = api.download(api.base() + "/actuator/hawtio/");
        assertThat(anonymous.getStatusCode().value())
                .as(
                        "%s %s",
                        anonymous.getHeaders(),
                        anonymous.getBody() == null
                                ? ""
                                : new String(anonymous.getBody(), StandardCharsets.UTF_8)
                                        .substring(0, Math.min(300, anonymous.getBody().length)))
                .isEqualTo(401);
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth("admin", PixToolsApplicationTest.MANAGEMENT_PASSWORD);
        assertThat(api.exchange(
                                HttpMethod.GET,
                                "/actuator/jolokia/read/org.apache.camel:context=" + camel.getManagementName()
                                        + ",type=routes,name=%22convert%22/RouteId",
                                new HttpEntity<>(headers))
                        .getBody()
                        .path("value")
                        .asText())
                .isEqualTo("convert");
        assertThat(api.exchange(HttpMethod.GET, "/actuator/jolokia/version", HttpEntity.EMPTY)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }
}
