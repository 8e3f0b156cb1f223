package io.pixtools.app.api.form;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * The multipart form of a request as its body held it. Camel's HTTP binding puts the form's fields, the query
 * parameters and the request headers into the same message headers, so a field read from there may have come from
 * the URL or a header; read from here it came from the form, and {@link #outsideTheForm} says where else it was sent.
 */
public final class SubmittedForm {

    private final FormDataParser.Form form;
    private final HttpServletRequest request;

    private SubmittedForm(FormDataParser.Form form, HttpServletRequest request) {
        this.form = form;
        this.request = request;
    }

    /** The form of the HTTP request that started this exchange, as {@link FormDataResolver} read it. */
    public static SubmittedForm of(Exchange exchange) {
        PlatformHttpMessage message = exchange.getIn(PlatformHttpMessage.class);
        FormDataParser.Form form = message == null ? null : FormDataResolver.form(message.getRequest());
        if (form == null) {
            throw new IllegalStateException("the exchange holds no multipart request read by FormDataResolver");
        }
        return new SubmittedForm(form, message.getRequest());
    }

    /** The values of the text parts named {@code name}, in the order they came; empty when there is none. */
    public List<String> fields(String name) {
        return form.fields().getOrDefault(name, List.of());
    }

    /** How many file parts are named {@code name}. */
    public long files(String name) {
        return form.files().stream().filter(file -> name.equals(file.getName())).count();
    }

    /** Where the request names {@code name} outside its form: "in the query string", "as a header", or empty. */
    public Optional<String> outsideTheForm(String name) {
        if (inQueryString(name)) {
            return Optional.of("in the query string");
        }
        return request.getHeader(name) != null ? Optional.of("as a header") : Optional.empty();
    }

    /** The values of the request header {@code name}, which only the request's headers can give. */
    public List<String> header(String name) {
        return Collections.list(request.getHeaders(name));
    }

    /** Where the header {@code name} was sent outside the headers: "in the query string", "as a form field". */
    public Optional<String> outsideTheHeaders(String name) {
        if (inQueryString(name)) {
            return Optional.of("in the query string");
        }
        boolean inForm = form.fields().keySet().stream().anyMatch(name::equalsIgnoreCase)
                || form.files().stream().anyMatch(file -> name.equalsIgnoreCase(file.getName()));
        return inForm ? Optional.of("as a form field") : Optional.empty();
    }

    private boolean inQueryString(String name) {
        String query = request.getQueryString();
        return query != null
                && Arrays.stream(query.split("&"))
                        .map(parameter -> decoded(parameter.split("=", 2)[0]))
                        .anyMatch(name::equalsIgnoreCase);
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
