package io.pixtools.app.api;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.Operation;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Resolves a download request to the stored object and the reply headers a browser needs: the content type, and an
 * attachment file name made from the uploaded file's name.
 */
@Component("downloadTarget")
public class DownloadTarget implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        Map<?, ?> job = in.getHeader(PixHeaders.JOB_ROW, Map.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        String stem = String.valueOf(job.get("source_name"));
        String operation = in.getHeader("operation", String.class);
        if (operation == null) {
            target(in, job.get("archive_key"), "application/zip", stem + ".zip", "archive");
            return;
        }
        Operation op = Operation.fromId(operation).orElseThrow(() -> ApiException.notFound("result '" + operation + "'"));
        Map<?, ?> row = completedOutput(in.getHeader(PixHeaders.OUTPUT_ROWS, List.class), op);
        if (row == null) {
            throw ApiException.notFound("result '" + operation + "'");
        }
        String key = String.valueOf(row.get("object_key"));
        String extension = key.substring(key.lastIndexOf('.') + 1);
        String name = switch (op) {
            case METADATA -> stem + "-metadata.json";
            case DENOISE -> stem + "-denoised." + extension;
            default -> stem + "." + extension;
        };
        target(in, key, String.valueOf(row.get("content_type")), name, "result '" + operation + "'");
    }

    private static Map<?, ?> completedOutput(List<?> rows, Operation operation) {
        if (rows == null) {
            return null;
        }
        return rows.stream().map(r -> (Map<?, ?>) r)
                .filter(r -> operation.id().equals(r.get("operation")) && "COMPLETED".equals(r.get("status")))
                .findFirst().orElse(null);
    }

    private static void target(Message in, Object key, String contentType, String fileName, String what) {
        if (key == null) {
            throw ApiException.notFound(what);
        }
        in.setHeader(AWS2S3Constants.KEY, key.toString());
        in.setHeader(Exchange.CONTENT_TYPE, contentType);
        in.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
