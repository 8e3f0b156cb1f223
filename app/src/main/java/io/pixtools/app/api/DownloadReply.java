package io.pixtools.app.api;

import io.pixtools.app.http.JsonReply;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Streams the stored object to the client (chunked); no other header of the exchange reaches the reply. Its caching
 * ({@code private}) is set by {@code EdgeHeadersFilter}.
 */
@Component("downloadReply")
public class DownloadReply implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        JsonReply.keepOnlyReplyHeaders(message);
    }
}
