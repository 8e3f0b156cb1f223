package io.pixtools.app.access;

import io.pixtools.processors.PixHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** The request as the routes see it: the client's own {@link PixHeaders#CALLER} hidden, the established caller added. */
final class CallerRequest extends HttpServletRequestWrapper {

    private final String caller;

    CallerRequest(HttpServletRequest request, String caller) {
        super(request);
        this.caller = caller;
    }

    @Override
    public String getHeader(String name) {
        if (PixHeaders.CALLER.equalsIgnoreCase(name)) {
            return caller;
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (PixHeaders.CALLER.equalsIgnoreCase(name)) {
            return Collections.enumeration(caller == null ? List.of() : List.of(caller));
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames()).stream()
                .filter(name -> !PixHeaders.CALLER.equalsIgnoreCase(name))
                .toList();
        if (caller != null) {
            names = new java.util.ArrayList<>(names);
            names.add(PixHeaders.CALLER);
        }
        return Collections.enumeration(names);
    }
}
