package io.pixtools.app.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.api.PublicUrls;
import io.pixtools.app.jobs.Job;
import io.pixtools.app.jobs.JobStatus;
import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.image.ImageInfo;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

/** The parameters of {@code insert-job.sql}: the new job, PENDING, expiring after the retention period. */
@Component("jobRow")
public class JobRow implements Processor {

    private static final Pattern UNSAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final int MAX_NAME = 100;

    private final ObjectMapper json;
    private final PixToolsProperties properties;
    private final PublicUrls urls;
    private final Clock clock;

    public JobRow(ObjectMapper json, PixToolsProperties properties, PublicUrls urls) {
        this.json = json;
        this.properties = properties;
        this.urls = urls;
        this.clock = Clock.systemUTC();
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getIn();
        JobRequest request = exchange.getProperty(PixHeaders.REQUEST, JobRequest.class);
        ImageInfo info = exchange.getProperty(PixHeaders.IMAGE_INFO, ImageInfo.class);
        Instant now = clock.instant();
        String key = in.getHeader(PixHeaders.IDEMPOTENCY_KEY, String.class);
        exchange.setProperty(
                PixHeaders.JOB,
                new Job(
                        in.getHeader(PixHeaders.JOB_ID, String.class),
                        in.getHeader(PixHeaders.CALLER, String.class),
                        JobStatus.ACCEPTING,
                        request.operations().stream().map(Operation::id).toList(),
                        json.writeValueAsString(request.params()),
                        request.webhookUrl(),
                        urls.base(exchange),
                        in.getHeader(AWS2S3Constants.KEY, String.class),
                        sourceName(in.getHeader(Exchange.FILE_NAME, String.class)),
                        info.format().id(),
                        info.bytes(),
                        info.width(),
                        info.height(),
                        key,
                        key == null ? null : in.getHeader(PixHeaders.FINGERPRINT, String.class),
                        null,
                        null,
                        null,
                        0,
                        now,
                        now,
                        now.plus(properties.jobs().retention())));
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
