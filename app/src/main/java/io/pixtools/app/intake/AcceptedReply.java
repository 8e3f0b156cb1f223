package io.pixtools.app.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.JsonReply;
import io.pixtools.app.observe.JobMetrics;
import io.pixtools.processors.PixHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Intake's reply: 202 with {@code job_id} and {@code status}, and the job's URL in {@code Location}. */
@Component("acceptedReply")
public class AcceptedReply implements Processor {

    private final ObjectMapper json;
    private final JobMetrics metrics;

    public AcceptedReply(ObjectMapper json, JobMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        reply(exchange, exchange.getIn().getHeader(PixHeaders.JOB_ID, String.class), 202);
        metrics.jobAccepted();
    }

    void reply(Exchange exchange, String jobId, int status) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        body.put("status", "PENDING");
        JsonReply.set(exchange, status, json.writeValueAsString(body));
        exchange.getMessage().setHeader("Location", "/api/jobs/" + jobId);
    }
}
