package io.pixtools.app.http;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;

/** camel-platform-http-starter's engine, with {@link InlinePlatformHttpConsumer}s instead of its own consumers. */
final class InlinePlatformHttpEngine extends SpringBootPlatformHttpEngine {

    InlinePlatformHttpEngine(int port) {
        super(port);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new InlinePlatformHttpConsumer(endpoint, processor);
    }
}
