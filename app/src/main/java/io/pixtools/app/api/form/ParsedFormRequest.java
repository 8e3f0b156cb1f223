package io.pixtools.app.api.form;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;

/**
 * A request whose form {@link FormDataParser} has read. It is a {@link StandardMultipartHttpServletRequest} because
 * Camel's platform-http binding takes the files of that type as the message's attachments and body and leaves the
 * (already read) request body alone; the parts come from the parsed form instead of the web server.
 */
final class ParsedFormRequest extends StandardMultipartHttpServletRequest {

    private final FormDataParser.Form form;

    ParsedFormRequest(HttpServletRequest request, FormDataParser.Form form) {
        super(request, true);
        this.form = form;
    }

    @Override
    protected void initializeMultipart() {
        MultiValueMap<String, MultipartFile> files = new LinkedMultiValueMap<>();
        form.files().forEach(file -> files.add(file.getName(), file));
        setMultipartFiles(files);
    }

    @Override
    public String getParameter(String name) {
        List<String> values = form.fields().get(name);
        return values != null ? values.getFirst() : super.getRequest().getParameter(name);
    }

    @Override
    public String[] getParameterValues(String name) {
        List<String> values = form.fields().get(name);
        return values != null
                ? values.toArray(String[]::new)
                : super.getRequest().getParameterValues(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        Set<String> names =
                new LinkedHashSet<>(Collections.list(super.getRequest().getParameterNames()));
        names.addAll(form.fields().keySet());
        return Collections.enumeration(names);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> parameters =
                new LinkedHashMap<>(super.getRequest().getParameterMap());
        form.fields().forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        return parameters;
    }

    @Override
    public String getMultipartContentType(String name) {
        MultipartFile file = getFile(name);
        return file != null ? file.getContentType() : null;
    }
}
