package io.pixtools.app.edge;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Tomcat refuses some requests itself, before any filter runs (an encoded slash, a NUL or a backslash in the path),
 * and answers with its own error page: this valve, first in the engine's pipeline, gives that answer the edge headers.
 */
public final class ContainerRefusalHeaders extends ValveBase {

    public ContainerRefusalHeaders() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (response.isError()) {
            EdgeHeaders.forPath("/error", EdgeHeaders.isHttps(request)).forEach(response::setHeader);
        }
        getNext().invoke(request, response);
    }
}
