package io.pixtools.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.ApiException;
import io.pixtools.app.http.ErrorBody;
import io.pixtools.app.http.JsonReply;
import io.pixtools.processors.PixToolsException;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Turns the exception that stopped an API route into an HTTP status and an {@link ErrorBody}. Known failures keep
 * their public message; an outage of a dependency is a 503 with Retry-After naming it; anything else becomes a 500
 * with a reference to the log line, never a stack trace.
 */
@Component("errorResponder")
public class ErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final ObjectMapper json;

    public ErrorResponder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ErrorBody body = toBody(cause);
        JsonReply.set(exchange, body.status(), json.writeValueAsString(body));
        // A failed download's attachment name would make a browser save this JSON as the image.
        exchange.getMessage().removeHeader("Content-Disposition");
        if (body.status() == 503) {
            exchange.getMessage().setHeader("Retry-After", "5");
        }
    }

    ErrorBody toBody(Throwable cause) {
        PixToolsException known = find(cause);
        if (known != null) {
            return new ErrorBody(
                    known.status(),
                    known.code(),
                    known.getMessage(),
                    known.field(),
                    known instanceof DependencyUnavailableException down ? down.dependency() : null);
        }
        DependencyUnavailableException down = DependencyFailures.classify(cause).orElse(null);
        if (down != null) {
            LOG.warn("{}: {}", down.getMessage(), cause.toString());
            return new ErrorBody(503, down.code(), down.getMessage(), null, down.dependency());
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Unhandled error, reference {}", reference, cause);
        return new ErrorBody(500, "internal_error", "internal error; reference " + reference, null);
    }

    private static PixToolsException find(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof PixToolsException known) {
                return known;
            }
            if (t instanceof DuplicateKeyException) {
                // The unique Idempotency-Key constraint caught a concurrent repeat that got past the key store.
                return new ApiException(
                        409,
                        "request_in_progress",
                        "Idempotency-Key",
                        "Idempotency-Key: a request with this key is still being taken in; retry in a moment");
            }
        }
        return null;
    }
}
