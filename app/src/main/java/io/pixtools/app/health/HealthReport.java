package io.pixtools.app.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.JsonReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** {@code GET /api/health}: runs every dependency check with its latency; 503 naming the failing ones. */
@Component("healthReport")
public class HealthReport implements Processor {

    private final List<DependencyCheck> checks;
    private final ObjectMapper json;

    public HealthReport(List<DependencyCheck> checks, ObjectMapper json) {
        this.checks = checks;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Map<String, Object> results = new LinkedHashMap<>();
        List<String> down = new java.util.ArrayList<>();
        for (DependencyCheck check : checks) {
            Map<String, Object> result = run(check);
            if (!"UP".equals(result.get("status"))) {
                down.add(check.name());
            }
            results.put(check.name(), result);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down.isEmpty() ? "UP" : "DOWN");
        if (!down.isEmpty()) {
            body.put("down", down);
        }
        body.put("checks", results);
        JsonReply.set(exchange, down.isEmpty() ? 200 : 503, json.writeValueAsString(body));
    }

    private static Map<String, Object> run(DependencyCheck check) {
        Map<String, Object> result = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            String detail = check.check();
            result.put("status", "UP");
            result.put("detail", detail);
        } catch (Exception e) {
            result.put("status", "DOWN");
            result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        result.put("latency_ms", Math.round((System.nanoTime() - start) / 100_000.0) / 10.0);
        return result;
    }
}
