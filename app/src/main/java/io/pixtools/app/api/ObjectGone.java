package io.pixtools.app.api;

import io.pixtools.app.http.ApiException;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A download whose object is no longer in the object store while its job still lists it: deleted by hand, lost with a
 * disk, or removed by S3's lifecycle rule before the pruner removed the job. 410 Gone, because asking again cannot
 * bring it back (a 404 also means "not ready yet"); a WARN line, because nothing in PixTools failed. An archive that
 * has not been built yet and misses one of its entries is refused the same way, rather than built without it.
 */
@Component("objectGone")
public class ObjectGone implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectGone.class);

    /** The object of a result download is gone. */
    @Override
    public void process(Exchange exchange) {
        String what = exchange.getProperty(PixHeaders.DOWNLOAD, String.class);
        warn(exchange, what);
        throw gone(what + " is no longer in the object store and cannot be downloaded again");
    }

    /** An entry of an archive being built is gone: a ZIP without it would pass for the whole job's. */
    public void archiveEntry(Exchange exchange) {
        String entry = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        warn(exchange, "archive entry " + entry);
        throw gone("archive cannot be built: its entry " + entry
                + " is no longer in the object store; download the other results one by one");
    }

    private static void warn(Exchange exchange, String what) {
        LOG.warn(
                "Job {}: {} is missing from the object store (key {}); answering 410",
                exchange.getIn().getHeader(PixHeaders.JOB_ID),
                what,
                exchange.getIn().getHeader(AWS2S3Constants.KEY));
    }

    private static ApiException gone(String message) {
        return new ApiException(410, "gone", null, message);
    }
}
