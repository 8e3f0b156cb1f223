package io.pixtools.app.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pixtools.app.http.ErrorBody;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.http.HttpStatus;

/**
 * Tomcat refuses some requests itself, before any filter runs (an encoded slash, a NUL or a backslash in the path, a
 * header too large), and would answer with its HTML error page: this valve, first in the engine's pipeline, answers
 * with the API's JSON error instead, and gives it the edge headers.
 */
public final class ContainerRefusalHeaders extends ValveBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ContainerRefusalHeaders() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (response.isError()) {
            EdgeHeaders.forPath("/error", EdgeHeaders.isHttps(request)).forEach(response::setHeader);
            answerAsJson(response);
        }
        getNext().invoke(request, response);
    }

    /** Marks the error reported, so that Tomcat's ErrorReportValve, later in the pipeline, writes no page. */
    private void answerAsJson(Response response) throws IOException {
        int status = response.getStatus();
        if (status < 400 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        ErrorBody body = new ErrorBody(
                status,
                ErrorBody.code(status),
                status == 400
                        ? "the request is malformed: its path (an encoded slash, a NUL, a backslash) or a header"
                        : known == null ? "error" : known.getReasonPhrase(),
                null);
        // sendError suspended the response; Tomcat's ErrorReportValve resumes it the same way to write its page.
        response.setSuspended(false);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
            writer.write(JSON.writeValueAsString(body));
            response.finishResponse();
        }
    }
}
