package io.pixtools.app.intake;

import io.pixtools.app.api.form.SubmittedForm;
import io.pixtools.app.http.ApiException;
import io.pixtools.processors.InvalidOptionsException;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.WorkFiles;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.JobRequestParser;
import jakarta.activation.FileDataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.attachment.DefaultAttachmentMessage;
import org.springframework.stereotype.Component;

/**
 * Intake's first step: takes the multipart form apart into the uploaded file and a validated {@link JobRequest}.
 * Every uploaded temp file is deleted when the request completes, whatever the outcome.
 */
@Component("intakeRequest")
public class IntakeRequestProcessor implements Processor {

    public static final String FILE_PART = "file";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final JobRequestParser parser;

    public IntakeRequestProcessor(JobRequestParser parser) {
        this.parser = parser;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        Set<String> parts = deleteUploadsOnCompletion(exchange);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "Content-Type",
                    "Content-Type: send multipart/form-data with the image in a part named 'file'");
        }
        SubmittedForm form = SubmittedForm.of(exchange);
        long files = form.files(FILE_PART);
        if (files > 1) {
            throw new InvalidOptionsException(
                    FILE_PART, "exactly one image in a part named 'file' (got " + files + ")");
        }
        if (!parts.contains(FILE_PART) || !(in.getBody() instanceof Path upload)) {
            String got = parts.isEmpty() ? "" : " (got " + String.join(", ", parts) + ")";
            throw new InvalidOptionsException(FILE_PART, "required: exactly one image in a part named 'file'" + got);
        }
        JobRequest request =
                parser.parse(field(form, "operations"), field(form, "operation_params"), field(form, "webhook_url"));
        exchange.setProperty(PixHeaders.REQUEST, request);
        exchange.setProperty(PixHeaders.UPLOAD_FILE, upload);
        in.setHeader(
                PixHeaders.IDEMPOTENCY_KEY,
                scoped(in.getHeader(PixHeaders.CALLER, String.class), idempotencyKey(form)));
    }

    /** A text part of the form; the same name in the query string or a header is refused, never read. */
    private static String field(SubmittedForm form, String name) {
        form.outsideTheForm(name).ifPresent(where -> {
            throw new InvalidOptionsException(name, "send it as a part of the multipart form, not " + where);
        });
        List<String> values = form.fields(name);
        if (values.size() > 1) {
            throw new InvalidOptionsException(name, "given more than once");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    /** Only from the request's header: Camel's binding would also take it from the query string or the form. */
    private static String idempotencyKey(SubmittedForm form) {
        form.outsideTheHeaders(IDEMPOTENCY_HEADER).ifPresent(where -> {
            throw new InvalidOptionsException(IDEMPOTENCY_HEADER, "send it as a request header, not " + where);
        });
        List<String> values = form.header(IDEMPOTENCY_HEADER);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1 || !KEY.matcher(values.getFirst()).matches()) {
            throw new InvalidOptionsException(
                    IDEMPOTENCY_HEADER, "must be one header of 1 to 255 visible ASCII characters, for example a UUID");
        }
        return values.getFirst();
    }

    /** An Idempotency-Key belongs to its caller: two keys may use the same one without meeting. */
    private static String scoped(String caller, String key) {
        return key == null || caller == null ? key : caller + " " + key;
    }

    private static Set<String> deleteUploadsOnCompletion(Exchange exchange) {
        AttachmentMessage attachments = new DefaultAttachmentMessage(exchange.getIn());
        if (!attachments.hasAttachments()) {
            return Set.of();
        }
        attachments.getAttachments().values().forEach(handler -> {
            if (handler.getDataSource() instanceof FileDataSource source) {
                WorkFiles.deleteOnCompletion(exchange, source.getFile().toPath());
            }
        });
        return Set.copyOf(attachments.getAttachmentNames());
    }
}
