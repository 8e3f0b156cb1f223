package io.pixtools.app.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.config.PixToolsProperties;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.image.ImageInfo;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.Operation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The parameters of {@code insert-job.sql}: the new job, PENDING, expiring after the retention period. */
@Component("jobRow")
public class JobRow implements Processor {

    private static final Pattern UNSAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final int MAX_NAME = 100;

    private final ObjectMapper json;
    private final PixToolsProperties properties;
    private final Clock clock;

    public JobRow(ObjectMapper json, PixToolsProperties properties) {
        this.json = json;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getIn();
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        ImageInfo info = exchange.getProperty(PixHeaders.IMAGE_INFO, ImageInfo.class);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String key = in.getHeader(PixHeaders.IDEMPOTENCY_KEY, String.class);

        Map<String, Object> row = new HashMap<>();
        row.put("job_id", in.getHeader(PixHeaders.JOB_ID));
        row.put("owner", in.getHeader(PixHeaders.CALLER));
        row.put("operations", json.writeValueAsString(request.operations().stream().map(Operation::id).toList()));
        row.put("operation_params", json.writeValueAsString(request.params()));
        row.put("webhook_url", request.webhookUrl());
        row.put("source_key", in.getHeader(AWS2S3Constants.KEY));
        row.put("source_name", sourceName(in.getHeader(Exchange.FILE_NAME, String.class)));
        row.put("source_format", info.format().id());
        row.put("source_bytes", info.bytes());
        row.put("source_width", info.width());
        row.put("source_height", info.height());
        row.put("idempotency_key", key);
        row.put("request_fingerprint", key == null ? null : in.getHeader(PixHeaders.FINGERPRINT));
        row.put("created_at", now);
        row.put("expires_at", now.plus(properties.jobs().retention()));
        in.setBody(row);
    }

    /** The client's file name without its extension and without path or unusual characters; names the ZIP entries. */
    static String sourceName(String fileName) {
        if (fileName == null) {
            return "image";
        }
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = UNSAFE_NAME.matcher(base).replaceAll("_").replaceAll("^[._]+", "");
        if (base.length() > MAX_NAME) {
            base = base.substring(0, MAX_NAME);
        }
        return base.isEmpty() ? "image" : base;
    }
}
