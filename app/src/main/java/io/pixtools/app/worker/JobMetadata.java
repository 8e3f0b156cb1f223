package io.pixtools.app.worker;

import io.pixtools.app.jobs.JobStore;
import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Stores the metadata operation's JSON on its job. The JSON comes from the upload's EXIF, XMP and IPTC, so it is read
 * here rather than passed as an argument of a bean call in the route, which Camel would read as a literal.
 */
@Component("jobMetadata")
public class JobMetadata implements Processor {

    private final JobStore jobs;

    public JobMetadata(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void process(Exchange exchange) {
        jobs.setMetadata(
                exchange.getIn().getHeader(PixHeaders.JOB_ID, String.class),
                exchange.getIn().getHeader(PixHeaders.METADATA_JSON, String.class));
    }
}
