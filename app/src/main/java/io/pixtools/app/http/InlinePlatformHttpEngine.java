package io.pixtools.app.http;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;

/** The platform-http engine of the API: {@link InlinePlatformHttpConsumer}s on the web server's port. */
final class InlinePlatformHttpEngine implements PlatformHttpEngine {

    private final int port;

    InlinePlatformHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new InlinePlatformHttpConsumer(endpoint, processor);
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
