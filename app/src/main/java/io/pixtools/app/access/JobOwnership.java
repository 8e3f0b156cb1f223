package io.pixtools.app.access;

import io.pixtools.app.http.ApiException;
import io.pixtools.app.jobs.Job;
import io.pixtools.processors.PixHeaders;
import java.util.Objects;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * A job is the business of the key that created it: for any other caller it does not exist (404, as for an unknown
 * id, so that ids cannot be probed). A signed link, checked by {@link ApiAccessFilter}, stands for its job's owner.
 */
@Component("jobOwnership")
public class JobOwnership implements Processor {

    @Override
    public void process(Exchange exchange) {
        Job job = exchange.getProperty(PixHeaders.JOB, Job.class);
        if (job == null) {
            throw ApiException.notFound("job");
        }
        String caller = exchange.getIn().getHeader(PixHeaders.CALLER, String.class);
        if (Callers.SIGNED_LINK.equals(caller)) {
            return;
        }
        if (!Objects.equals(job.owner(), caller)) {
            throw ApiException.notFound("job");
        }
    }
}
