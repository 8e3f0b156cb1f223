package io.pixtools.app.api.form;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;

/**
 * Spring's multipart resolver for {@code POST /api/process}, in place of the web server's parser: the form is read by
 * {@link FormDataParser} and handed to the routes as Spring's multipart request, so the HTTP binding and the error
 * mapping ({@code UploadErrorAdvice}) see what they saw before. Files not handed on are deleted after the request.
 * <p>
 * The routes answer asynchronously, so the dispatcher resolves the request a second time when it dispatches the answer;
 * the body is read once and the form kept in a request attribute for that.
 */
public final class FormDataResolver implements MultipartResolver {

    private static final String FORM = FormDataResolver.class.getName() + ".form";

    private final long maxFileBytes;
    private final FormDataParser.Limits limits;
    private final Path directory;

    /** {@code maxFileBytes} for the file, {@code formOverhead} more for the fields and framing around it. */
    public FormDataResolver(long maxFileBytes, long formOverhead, Path directory) {
        this.maxFileBytes = maxFileBytes;
        this.limits = new FormDataParser.Limits(maxFileBytes, 64 * 1024, 16, 8 * 1024, maxFileBytes + formOverhead);
        this.directory = directory;
    }

    @Override
    public boolean isMultipart(HttpServletRequest request) {
        // An error page's dispatch must not read the body again: a stalled upload would wait out the timeout twice.
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return false;
        }
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    @Override
    public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) throws MultipartException {
        FormDataParser.Form form = (FormDataParser.Form) request.getAttribute(FORM);
        if (form == null) {
            form = read(request);
            request.setAttribute(FORM, form);
        }
        return new ParsedFormRequest(request, form);
    }

    private FormDataParser.Form read(HttpServletRequest request) {
        if (request.getContentLengthLong() > limits.maxBodyBytes()) {
            throw new MaxUploadSizeExceededException(maxFileBytes);
        }
        String boundary = FormDataParser.boundary(request.getContentType());
        try {
            return FormDataParser.parse(request.getInputStream(), boundary, limits, directory);
        } catch (IOException e) {
            throw new MultipartException("the upload could not be read: " + e.getMessage(), e);
        }
    }

    /** The form of this request once it has been read; null before (or when it was refused). */
    static FormDataParser.Form form(HttpServletRequest request) {
        return request.getAttribute(FORM) instanceof FormDataParser.Form form ? form : null;
    }

    /** How many bytes the form of this request had, once it has been read; -1 before (or when it was refused). */
    public static long bodyBytes(HttpServletRequest request) {
        FormDataParser.Form form = form(request);
        return form != null ? form.bodyBytes() : -1;
    }

    @Override
    public void cleanupMultipart(MultipartHttpServletRequest request) {
        request.getMultiFileMap().values().stream()
                .flatMap(List::stream)
                .filter(SpooledUpload.class::isInstance)
                .forEach(file -> ((SpooledUpload) file).delete());
    }
}
