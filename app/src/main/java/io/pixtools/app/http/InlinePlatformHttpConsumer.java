package io.pixtools.app.http;

import io.pixtools.processors.PixHeaders;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpBinding;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConstants;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.http.common.HttpBinding;
import org.apache.camel.http.common.HttpHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route on the web server's thread that received its request, and holds no thread while the route waits.
 * <p>
 * Camel's own consumer hands every request to Spring's task executor (8 threads) and blocks one of them until the
 * exchange completes. A {@code GET /api/jobs/{id}?wait=N} held its thread for up to a minute, so eight waiting clients
 * stopped every other request of the API; and every request paid for the hand-over and for a second pass through the
 * servlet filters (the asynchronous dispatch that ends it).
 * <p>
 * Here the route runs at once. When it completes on this thread (nearly always) the answer is written and the web
 * framework is told so ({@code null}); when a step continues later (a wait), the request turns asynchronous and the
 * answer is written by whichever thread completes the exchange.
 */
final class InlinePlatformHttpConsumer extends SpringBootPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(InlinePlatformHttpConsumer.class);

    /** The parent's binding is private: this one is configured the same way, for the message it reads. */
    private final HttpBinding binding = new SpringBootPlatformHttpBinding();

    InlinePlatformHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        super(endpoint, processor, Runnable::run);
        binding.setHeaderFilterStrategy(endpoint.getHeaderFilterStrategy());
        binding.setMuteException(endpoint.isMuteException());
        binding.setFileNameExtWhitelist(endpoint.getFileNameExtWhitelist());
        binding.setUseReaderForPayload(!endpoint.isUseStreaming());
    }

    @Override
    public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        Exchange exchange;
        try {
            if (isSuspended()) {
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return null;
            }
            if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof IOException unread) {
                // Tomcat could not read the body (it stalled past the read timeout, or the client went away) and has
                // already answered 408 or 400: there is no request left to route.
                LOG.info("Request body of {} not read: {}", request.getRequestURI(), unread.toString());
                return null;
            }
            exchange = exchange(request, response);
        } catch (Exception e) {
            fail(response, e);
            return null;
        }
        try {
            getAsyncProcessor().process(exchange, doneSync -> answer(response, exchange, answered));
        } catch (RuntimeException e) {
            exchange.setException(e);
            answer(response, exchange, answered);
        }
        // Completed here: the answer is written, and null tells Spring MVC the request is handled.
        return answered.isDone() ? null : answered;
    }

    private Exchange exchange(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Exchange exchange = createExchange(true);
        exchange.setPattern(ExchangePattern.InOut);
        HttpHelper.setCharsetFromContentType(request.getContentType(), exchange);
        PlatformHttpMessage message = new PlatformHttpMessage(request, response, exchange, binding, false);
        exchange.setIn(message);
        message.init(exchange, binding, request, response);
        exchange.getIn()
                .setHeader(
                        SpringBootPlatformHttpConstants.CONTEXT_PATH,
                        getEndpoint().getPath());
        // The binding puts the client's headers and query parameters among the message headers: none of them may set
        // one of PixTools' own (?PixCaller=x would join the caller the access filter established, CallerRequest).
        exchange.getIn()
                .getHeaders()
                .keySet()
                .removeIf(name -> name.regionMatches(true, 0, PixHeaders.PREFIX, 0, PixHeaders.PREFIX.length()));
        String caller = request.getHeader(PixHeaders.CALLER);
        if (caller != null) {
            exchange.getIn().setHeader(PixHeaders.CALLER, caller);
        }
        createUoW(exchange);
        return exchange;
    }

    private void answer(HttpServletResponse response, Exchange exchange, CompletableFuture<Void> answered) {
        try {
            afterProcess(response, exchange);
        } catch (Exception e) {
            fail(response, e);
        } finally {
            answered.complete(null);
        }
    }

    private static void fail(HttpServletResponse response, Exception e) {
        LOG.warn("Error handling request due to: {}", e.getMessage(), e);
        try {
            if (!response.isCommitted()) {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
        } catch (Exception ignored) {
            // the client is gone
        }
    }
}
