package io.pixtools.app.http;

import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sets an HTTP reply. platform-http sends message headers back as response headers, so a reply first drops every
 * header it did not set on purpose: request fields and internal {@code Pix*} headers never leak to the client.
 * (Cache-Control is not among them: platform-http would drop it; {@code EdgeHeadersFilter} sets it.)
 */
public final class JsonReply {

    private static final Set<String> REPLY_HEADERS = Set.of(
            Exchange.HTTP_RESPONSE_CODE,
            Exchange.CONTENT_TYPE,
            Exchange.CONTENT_LENGTH,
            "Content-Disposition",
            "Location",
            "Idempotent-Replayed",
            "Retry-After");

    private JsonReply() {}

    public static void set(Exchange exchange, int status, String body) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
        keepOnlyReplyHeaders(message);
    }

    public static void keepOnlyReplyHeaders(Message message) {
        message.getHeaders().keySet().removeIf(name -> REPLY_HEADERS.stream().noneMatch(name::equalsIgnoreCase));
    }
}
