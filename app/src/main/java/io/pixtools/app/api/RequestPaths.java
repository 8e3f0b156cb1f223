package io.pixtools.app.api;

import io.pixtools.app.http.ApiException;
import io.pixtools.processors.PixHeaders;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Reads {@code {job_id}} from the request path into {@code PixJobId}; anything but a job id is a 404. */
@Component("jobIdFromPath")
public class RequestPaths implements Processor {

    private static final Pattern JOB_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Override
    public void process(Exchange exchange) {
        String jobId = exchange.getIn().getHeader("job_id", String.class);
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw ApiException.notFound("job");
        }
        exchange.getIn().setHeader(PixHeaders.JOB_ID, jobId);
    }
}
