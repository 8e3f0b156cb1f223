package io.pixtools.app.edge;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * The response as the application sees it behind the edge. A header the edge set is replaced when the application
 * adds its own (Hawtio adds the policy its console needs), never sent twice. A response whose status may not be
 * cached ({@link EdgeHeaders#cacheable}) gets {@code Cache-Control: no-store}, whatever its path promised, and once
 * a response is {@code no-store} nothing loosens it (Jolokia and Hawtio would set {@code no-cache}).
 */
final class EdgeResponse extends HttpServletResponseWrapper {

    EdgeResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void addHeader(String name, String value) {
        if (EdgeHeaders.isEdgeHeader(name)) {
            setHeader(name, value);
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        boolean loosensNoStore =
                name.equalsIgnoreCase("Cache-Control") && EdgeHeaders.NO_STORE.equals(getHeader("Cache-Control"));
        if (!loosensNoStore) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void setStatus(int status) {
        keepOutOfCaches(status);
        super.setStatus(status);
    }

    @Override
    public void sendError(int status) throws IOException {
        keepOutOfCaches(status);
        super.sendError(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        keepOutOfCaches(status);
        super.sendError(status, message);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        keepOutOfCaches(HttpServletResponse.SC_FOUND);
        super.sendRedirect(location);
    }

    private void keepOutOfCaches(int status) {
        if (!EdgeHeaders.cacheable(status)) {
            super.setHeader("Cache-Control", EdgeHeaders.NO_STORE);
        }
    }
}
